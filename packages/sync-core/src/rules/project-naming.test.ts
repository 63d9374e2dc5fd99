import { describe, expect, it } from 'vitest';
import {
  baseProjectIdentifier,
  cleanProjectName,
  projectIdentifierVariant,
} from './project-naming.js';

describe('baseProjectIdentifier', () => {
  it.each([
    [{ name: 'Website Relaunch', wbsCode: null, odooId: 1 }, 'WEBSITERELAU'],
    [{ name: 'Website', wbsCode: 'P-1.2', odooId: 1 }, 'P12'],
    [{ name: 'Café Öl (2026)', odooId: 1 }, 'CAFEOL2026'],
    [{ name: '!!!', odooId: 42 }, 'P42'],
  ])('derives %j → %s', (source, expected) => {
    expect(baseProjectIdentifier(source)).toBe(expected);
  });
});

describe('projectIdentifierVariant', () => {
  it('keeps every variant within 12 characters', () => {
    expect(projectIdentifierVariant('WEBSITERELAU', 0)).toBe('WEBSITERELAU');
    expect(projectIdentifierVariant('WEBSITERELAU', 1)).toBe('WEBSITERELA2');
    expect(projectIdentifierVariant('WEBSITERELAU', 9)).toBe('WEBSITEREL10');
    expect(projectIdentifierVariant('ABC', 1)).toBe('ABC2');
  });
});

describe('cleanProjectName', () => {
  it('removes the characters Plane refuses in names', () => {
    expect(cleanProjectName('R&D: Phase (1) - Q3!')).toBe('R D Phase 1 Q3');
    expect(cleanProjectName('Plain name')).toBe('Plain name');
  });
});
