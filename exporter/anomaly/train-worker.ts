import { parentPort } from 'node:worker_threads';
import { trainModels } from './training.js';

/** Trains on the history it is sent and replies with the models, off the main thread. */
parentPort?.once('message', (history: Record<string, Float64Array>) => {
  parentPort?.postMessage(trainModels(history));
});
