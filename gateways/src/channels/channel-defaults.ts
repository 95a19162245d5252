import { readFileSync } from 'node:fs';

/** The channels Ordinal ships a mapping for; each is published as version 1 on first use. */
export const DEFAULT_CHANNELS = ['tmall', 'douyin', 'pinduoduo', 'shopify', 'webshop', 'pos'] as const;

/** The mapping document shipped for a channel (`mappings/<channel>.mapping.json`), as JSON. */
export function defaultMappingDocument(channel: string): unknown {
  return JSON.parse(readFileSync(new URL(`./mappings/${channel}.mapping.json`, import.meta.url), 'utf8'));
}

/** Every shipped mapping document by channel, read once. */
export function defaultMappings(): ReadonlyMap<string, unknown> {
  return new Map(DEFAULT_CHANNELS.map((channel) => [channel, defaultMappingDocument(channel)]));
}
