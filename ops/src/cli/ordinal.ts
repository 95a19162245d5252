#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { runAll } from './all.command.ts';
import { runDemoCommand } from './demo.command.ts';
import { runRebuild } from './rebuild.command.ts';

const USAGE = `Usage: ordinal <command> [options]

Commands:
  all                 run the whole OMS in one process (embedded profile: SQLite files under
                      ORDINAL_DATA_DIR, in-process bus); this is what \`npm start\` runs
  demo [options]      place realistic orders and walk them through their lifecycle
      --url URL         API to drive (default: the one configured by HOST/PORT; if nothing
                        answers there, an embedded OMS is started in this process)
      --orders N        stop after N orders (default: run until Ctrl-C)
      --concurrency N   orders in flight at once (default 4)
      --delay MS        pause between the steps of one order (default 300)
      --seed N          repeat a run exactly (default: random)
  rebuild [name]      rebuild read models from the event log (all, or one projection);
                      stop the server first
  help                this text

Configuration is read from the environment; see README.md ("Configuration").`;

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'all':
      return runAll(config);
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          url: { type: 'string' },
          orders: { type: 'string' },
          concurrency: { type: 'string', default: '4' },
          delay: { type: 'string', default: '300' },
          seed: { type: 'string' },
        },
      });
      return runDemoCommand(config, values);
    }
    case 'rebuild':
      return runRebuild(config, rest[0]);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
