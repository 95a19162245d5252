import { readdirSync, readFileSync } from 'node:fs';
import type { Json } from '@ordinal/domain';
import { DEFAULT_CHANNELS } from './channel-defaults.ts';

/** A sample payload of a channel, as the channel sends it. */
export interface ChannelFixture {
  readonly channel: string;
  /** The file name without `.json`. */
  readonly name: string;
  readonly payload: Json;
}

/** The sample payload `fixtures/<channel>/<name>.json`. */
export function channelFixture(channel: string, name: string): ChannelFixture {
  const url = new URL(`./fixtures/${channel}/${name}.json`, import.meta.url);
  return { channel, name, payload: JSON.parse(readFileSync(url, 'utf8')) as Json };
}

/** Every sample payload of every shipped channel. */
export function allChannelFixtures(): ChannelFixture[] {
  return DEFAULT_CHANNELS.flatMap((channel) =>
    readdirSync(new URL(`./fixtures/${channel}/`, import.meta.url))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => channelFixture(channel, file.slice(0, -'.json'.length))),
  );
}
