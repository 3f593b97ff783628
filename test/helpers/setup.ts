import { enableLinearTimeRegexps } from '../../exporter/patterns/safety.js';

// vigil's entry point sets V8's linear-time regexp flags at start; tests that load configs
// and run patterns in-process need the same.
enableLinearTimeRegexps();
