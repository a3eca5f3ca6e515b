/**
 * @module knowledge/data-files
 * Locates and reads the data files under data/knowledge/ (the only I/O knowledge/ does).
 * The same relative path works from src/knowledge (tests, tsx) and dist/knowledge (built CLI).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function knowledgeDataPath(name: string): string {
  return fileURLToPath(new URL(`../../data/knowledge/${name}`, import.meta.url));
}

export function readKnowledgeText(name: string): string {
  return readFileSync(knowledgeDataPath(name), 'utf8');
}

export function readKnowledgeJson<T>(name: string): T {
  return JSON.parse(readKnowledgeText(name)) as T;
}
