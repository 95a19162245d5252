import { validateMapping } from '@ordinal/domain';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, defaultMappingDocument } from './channel-defaults.ts';
import { MappingDocumentSchema } from './channel-mapping.schema.ts';

const schema = Compile(MappingDocumentSchema);

/** A shipped mapping changed by `edit` (on a deep copy). */
// biome-ignore lint/suspicious/noExplicitAny: a test edits arbitrary JSON.
type Editable = Record<string, any>;

function broken(channel: string, edit: (document: Editable) => void): unknown {
  const document = structuredClone(defaultMappingDocument(channel)) as Editable;
  edit(document);
  return document;
}

const BROKEN: Record<string, unknown> = {
  'unknown transform': broken('tmall', (d) => {
    d.fields.currency.transforms = [{ op: 'titleCase' }];
  }),
  'missing required target': broken('douyin', (d) => {
    delete d.fields['shippingAddress.city'];
  }),
  'missing required line target': broken('shopify', (d) => {
    delete d.lines.fields.unitPrice;
  }),
  'unknown target': broken('pos', (d) => {
    d.fields['customer.nickname'] = { path: 'nick' };
  }),
  'bad time zone': broken('pinduoduo', (d) => {
    d.fields.placedAt.transforms = [{ op: 'utc', timeZone: 'Asia/Shanghai' }];
  }),
  'lookup without table': broken('webshop', (d) => {
    d.attributedChannel.transforms = [{ op: 'lookup' }];
  }),
  'version zero': broken('tmall', (d) => {
    d.version = 0;
  }),
  'channel with a dash': broken('tmall', (d) => {
    d.channel = 'tmall-cn';
  }),
  'extra property': broken('tmall', (d) => {
    d.owner = 'li.wei';
  }),
  'lines without each': broken('tmall', (d) => {
    delete d.lines.each;
  }),
};

describe('the TypeBox mapping schema and validateMapping', () => {
  it.each(DEFAULT_CHANNELS)('both accept the shipped %s mapping', (channel) => {
    const document = defaultMappingDocument(channel);
    expect(schema.Check(document)).toBe(true);
    expect(validateMapping(document).ok).toBe(true);
  });

  it.each(Object.entries(BROKEN))('both refuse a mapping with %s', (_, document) => {
    expect(schema.Check(document)).toBe(false);
    expect(validateMapping(document).ok).toBe(false);
  });
});
