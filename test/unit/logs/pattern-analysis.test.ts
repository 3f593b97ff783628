import { describe, expect, it } from 'vitest';
import {
  dependsOnLineEnds,
  positionalCaptures,
  requiredLiteral,
} from '../../../exporter/logs/pattern-analysis.js';

describe('requiredLiteral', () => {
  it('finds the longest run of plain characters outside groups and classes', () => {
    expect(requiredLiteral('level=(?P<level>[A-Z]+)')).toBe('level=');
    expect(requiredLiteral('took=(?P<ms>\\d+)ms')).toBe('took=');
    expect(requiredLiteral('\\d+ ERROR')).toBe(' ERROR');
    expect(requiredLiteral('[abc]def')).toBe('def');
    expect(requiredLiteral('(foo)barbaz')).toBe('barbaz');
    expect(requiredLiteral('^GET /api\\.v1 ')).toBe('GET /api.v1 ');
  });

  it('leaves out characters a quantifier makes optional or repeatable', () => {
    expect(requiredLiteral('abcd?ef')).toBe('abc');
    expect(requiredLiteral('ab*')).toBe('a');
    expect(requiredLiteral('xy{2,3}z')).toBe('x');
    expect(requiredLiteral('ab+cd')).toBe('ab');
  });

  it('gives none when no literal is certain to be in every match', () => {
    expect(requiredLiteral('ERROR|FATAL')).toBeNull();
    expect(requiredLiteral('(?P<level>[A-Z]+)')).toBeNull();
    expect(requiredLiteral('\\w+\\s\\d')).toBeNull();
    expect(requiredLiteral('a?')).toBeNull();
  });
});

describe('dependsOnLineEnds', () => {
  it('is true for anchors and lookarounds, false inside classes and escapes', () => {
    expect(dependsOnLineEnds('^ERROR')).toBe(true);
    expect(dependsOnLineEnds('done$')).toBe(true);
    expect(dependsOnLineEnds('a(?!b)')).toBe(true);
    expect(dependsOnLineEnds('(?<=x)y')).toBe(true);
    expect(dependsOnLineEnds('path="[^"]+"')).toBe(false);
    expect(dependsOnLineEnds('cost \\$\\d+')).toBe(false);
    expect(dependsOnLineEnds('(?P<level>[A-Z]+)')).toBe(false);
  });
});

describe('positionalCaptures', () => {
  it('writes named groups as plain ones, numbered as the match array numbers them', () => {
    const { pattern, groups } = positionalCaptures(
      '(\\d+) (?:GET|POST) (?P<path>/\\S*) (?<code>\\d{3})',
    );
    expect(pattern).toBe('(\\d+) (?:GET|POST) (/\\S*) (\\d{3})');
    expect(Object.fromEntries(groups)).toEqual({ path: 2, code: 3 });
    const m = new RegExp(pattern).exec('12 GET /orders 503') as RegExpExecArray;
    expect([m[groups.get('path') as number], m[groups.get('code') as number]]).toEqual([
      '/orders',
      '503',
    ]);
  });

  it('leaves escaped parentheses, classes and lookarounds alone', () => {
    const source = '\\((?<a>x)[(?<b>)](?=y)(?<!z)(?<c>w)';
    const { pattern, groups } = positionalCaptures(source);
    expect(pattern).toBe('\\((x)[(?<b>)](?=y)(?<!z)(w)');
    expect(Object.fromEntries(groups)).toEqual({ a: 1, c: 2 });
  });

  it('counts a group with any name, so the groups after it keep their numbers', () => {
    const { pattern, groups } = positionalCaptures('(?<café>\\w+) (?<level>[A-Z]+)');
    expect(pattern).toBe('(\\w+) ([A-Z]+)');
    expect(groups.get('level')).toBe(2);
  });

  it('keeps the names of a pattern that refers to a group by name', () => {
    const { pattern, groups } = positionalCaptures('(?<q>[\'"]).*\\k<q>');
    expect(pattern).toBe('(?<q>[\'"]).*\\k<q>');
    expect(groups.get('q')).toBe(1);
  });
});
