#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { DataDirLockedError } from '../embedded/data-dir-lock.ts';

const USAGE = `Usage: ordinal <command> [options]

Commands:
  all                 run the whole OMS in one process (embedded profile: SQLite files under
                      ORDINAL_DATA_DIR, in-process bus); this is what \`npm start\` runs
  api                 the order actors and the HTTP API (distributed profile)
  relay               follow the event log and publish it to NATS JetStream (one per log)
  projector [--only NAME]
                      apply the events from NATS JetStream to the read models (all
                      projections, or one); run as many as the load needs
                      The engines come from the environment: ORDINAL_ESDB_URL, ORDINAL_NATS_URL,
                      ORDINAL_MONGO_URL (each unset: the embedded engine). SIGTERM stops a
                      process gracefully.
  demo [options]      place realistic orders and walk them through their lifecycle
      --url URL         API to drive (default: the one configured by HOST/PORT; if nothing
                        answers there, an embedded OMS is started in this process)
      --orders N        stop after N orders (default: run until Ctrl-C)
      --concurrency N   orders in flight at once (default 4)
      --delay MS        pause between the steps of one order (default 300)
      --seed N          repeat a run exactly (default: random)
      --olist           real Olist data instead: sellers registered as warehouses with stock of
                        the products they sold, then real orders placed and paid, so the router
                        allocates them; ends with routed, split rate, mean distance and held
                        (default 50 orders; the data set in ORDINAL_OLIST_DIR)
  rebuild [name]      rebuild read models from the event log (all, or one projection);
                      stop the server first
  import olist [--dir D] [--limit N] [--alerts] [--concurrency N]
                      import the Olist data set's history (default: ORDINAL_OLIST_DIR): orders
                      replayed through the order decider at their own times, sellers as
                      locations, products as the catalogue; stop the server first. A second run
                      adds nothing, an interrupted one resumes; rows it cannot take are listed in
                      import-olist.report.ndjson in the data directory. --alerts lets alert
                      rules evaluate the imported events (off: history raises no alerts)
  import mapping <mapping.json> <file.csv|file.ndjson> [--limit N] [--alerts] [--concurrency N]
                      import orders from a CSV or NDJSON export with a declarative mapping
                      (docs/import.md)
  parked [--retry]    list the events projections could not apply; --retry applies them
                      again (stop the server first)
  routing policies    the routing policy versions: status, who drafted and activated them, why
  routing simulate <version|file.json> [--last N] [--json]
                      what a policy would change for the last N routed orders (default 500):
                      replays their recorded inputs from the log (never today's stock) and
                      prints the orders whose plan changes and the totals before and after; a
                      file is a policy document not drafted yet; reading the log shows progress
  rules list          the rule sets: active and latest version, last change
  rules show <name>   a rule set's versions and every change with who, when and why
  rules dry-run <name> <version> [--order ID | --last N] [--json]
                      what a version would decide for recorded orders (default: the last
                      500 placed) next to what they recorded; reading the log shows progress
  verify [--json] [--public-key FILE]
                      walk the whole event log: check every stream's hash chain and every
                      signed audit checkpoint; names the first event whose chain breaks and
                      exits 1 (docs/audit.md); reading the log shows progress
  checkpoint          sign an audit checkpoint of the whole log now (e.g. before a backup);
                      stop the server first (it signs its own, and at its stop)
  seal-log            seal the personal data a log recorded before it was encrypted (embedded
                      profile): verifies the log, writes a copy with those fields sealed under
                      each customer's key, checks it, records a signed statement of the rewrite
                      and a fresh checkpoint, replaces the log (overwriting the old file),
                      removes the snapshots and rebuilds the read models, with progress; a
                      second run changes nothing; stop the server first (docs/privacy.md)
  alerts replay [--import]
                      evaluate the alert rules over the whole log, each event at its own
                      time, and record the alerts history raises and clears (a second replay
                      adds nothing); --import: events of bulk imports too; stop the server first
  token --role <role> [--sub <id>] [--order <orderId>] [--ttl 8h]
                      print a bearer token for the API and /ws, signed with the configured
                      secret (customer: --sub is the customer id); token --help says more
  help                this text

Configuration is read from the environment; see README.md ("Configuration").`;

async function routing(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'policies') {
    const { runRoutingPolicies } = await import('./routing.command.ts');
    return runRoutingPolicies(loadConfig());
  }
  if (sub === 'simulate') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { last: { type: 'string', default: '500' }, json: { type: 'boolean', default: false } },
    });
    const last = Number(values.last);
    const [target] = positionals;
    const problem =
      target === undefined
        ? 'give a version number or a policy file'
        : positionals.length > 1
          ? `one version or file, not ${positionals.length}`
          : !Number.isSafeInteger(last) || last < 1
            ? `--last must be a whole number of at least 1, not ${values.last}`
            : undefined;
    if (problem !== undefined || target === undefined) {
      console.error(`Usage: ordinal routing simulate <version|file.json> [--last N] [--json]: ${problem}`);
      return 2;
    }
    const { runRoutingSimulate } = await import('./routing.command.ts');
    return runRoutingSimulate(loadConfig(), { target, last, json: values.json });
  }
  console.error(`Unknown routing command "${sub ?? ''}": use "routing policies" or "routing simulate".\n\n${USAGE}`);
  return 2;
}

async function importCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  const usage =
    'Usage: ordinal import olist [--dir D] [--limit N] [--alerts] [--concurrency N] | import mapping <mapping.json> <file.csv|file.ndjson> [--limit N] [--alerts] [--concurrency N]';
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
      alerts: { type: 'boolean', default: false },
    },
  });
  const whole = (name: string, text: string | undefined) =>
    text === undefined || (Number.isSafeInteger(Number(text)) && Number(text) >= 1)
      ? undefined
      : `--${name} must be a whole number of at least 1, not ${text}`;
  const problem =
    sub !== 'olist' && sub !== 'mapping'
      ? `unknown import "${sub ?? ''}": use "import olist" or "import mapping"`
      : sub === 'olist' && positionals.length > 0
        ? `import olist takes no file (the folder is --dir), not ${positionals.join(' ')}`
        : sub === 'mapping' && positionals.length !== 2
          ? 'give a mapping document and a CSV or NDJSON file'
          : (whole('limit', values.limit) ?? whole('concurrency', values.concurrency));
  if (problem !== undefined) {
    console.error(`${usage}: ${problem}`);
    return 2;
  }
  const options = {
    alerts: values.alerts,
    ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
    ...(values.concurrency === undefined ? {} : { concurrency: Number(values.concurrency) }),
  };
  if (sub === 'olist') {
    const { runOlistImport } = await import('./import.command.ts');
    return runOlistImport(loadConfig(), { ...options, ...(values.dir === undefined ? {} : { dir: values.dir }) });
  }
  const [mapping = '', file = ''] = positionals;
  const { runMappingImport } = await import('./import.command.ts');
  return runMappingImport(loadConfig(), { ...options, mapping, file });
}

async function rules(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  const usage = 'Usage: ordinal rules list | show <name> | dry-run <name> <version> [--order ID | --last N] [--json]';
  if (sub === 'list') {
    const { runRulesList } = await import('./rules.command.ts');
    return runRulesList(loadConfig());
  }
  if (sub === 'show' && rest.length === 1 && rest[0] !== undefined) {
    const { runRulesShow } = await import('./rules.command.ts');
    return runRulesShow(loadConfig(), rest[0]);
  }
  if (sub === 'dry-run') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        last: { type: 'string', default: '500' },
        order: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const [name, rawVersion] = positionals;
    const version = Number(rawVersion);
    const last = Number(values.last);
    const problem =
      name === undefined || positionals.length !== 2
        ? 'give a rule set name and a version'
        : !Number.isSafeInteger(version) || version < 1
          ? `the version must be a whole number of at least 1, not ${rawVersion}`
          : !Number.isSafeInteger(last) || last < 1
            ? `--last must be a whole number of at least 1, not ${values.last}`
            : undefined;
    if (problem !== undefined || name === undefined) {
      console.error(`${usage}: ${problem}`);
      return 2;
    }
    const { runRulesDryRun } = await import('./rules.command.ts');
    return runRulesDryRun(loadConfig(), {
      name,
      version,
      last,
      json: values.json,
      ...(values.order === undefined ? {} : { orderId: values.order }),
    });
  }
  console.error(`${usage}\n\n${USAGE}`);
  return 2;
}

// Commands are loaded on demand so that `help` or a configuration mistake answers at once.
async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'all': {
      const { runAll } = await import('./all.command.ts');
      return runAll(loadConfig());
    }
    case 'api': {
      const { runApi } = await import('./serve.command.ts');
      return runApi(loadConfig());
    }
    case 'relay': {
      const { runReadSidePart } = await import('./serve.command.ts');
      return runReadSidePart(loadConfig(), { kind: 'relay' });
    }
    case 'projector': {
      const { values } = parseArgs({ args: rest, options: { only: { type: 'string' } } });
      const { runReadSidePart } = await import('./serve.command.ts');
      return runReadSidePart(loadConfig(), {
        kind: 'projector',
        ...(values.only === undefined ? {} : { only: values.only }),
      });
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          url: { type: 'string' },
          orders: { type: 'string' },
          concurrency: { type: 'string', default: '4' },
          delay: { type: 'string', default: '300' },
          seed: { type: 'string' },
          olist: { type: 'boolean', default: false },
        },
      });
      const { runDemoCommand } = await import('./demo.command.ts');
      return runDemoCommand(loadConfig(), values);
    }
    case 'rebuild': {
      const { runRebuild } = await import('./rebuild.command.ts');
      return runRebuild(loadConfig(), rest[0]);
    }
    case 'import':
      return importCommand(rest);
    case 'parked': {
      const { values } = parseArgs({ args: rest, options: { retry: { type: 'boolean', default: false } } });
      const { runParked } = await import('./parked.command.ts');
      return runParked(loadConfig(), values.retry);
    }
    case 'routing':
      return routing(rest);
    case 'rules':
      return rules(rest);
    case 'verify': {
      const { values } = parseArgs({
        args: rest,
        options: { json: { type: 'boolean', default: false }, 'public-key': { type: 'string' } },
      });
      const { runVerify } = await import('./verify.command.ts');
      const publicKey = values['public-key'];
      return runVerify(loadConfig(), { json: values.json, ...(publicKey === undefined ? {} : { publicKey }) });
    }
    case 'checkpoint': {
      const { runCheckpoint } = await import('./checkpoint.command.ts');
      return runCheckpoint(loadConfig());
    }
    case 'seal-log': {
      const { runSealLog } = await import('./seal-log.command.ts');
      return runSealLog(loadConfig());
    }
    case 'alerts': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { import: { type: 'boolean', default: false } },
      });
      if (positionals.length !== 1 || positionals[0] !== 'replay') {
        console.error('Usage: ordinal alerts replay [--import]');
        return 2;
      }
      const config = loadConfig();
      const { runAlertsReplay } = await import('./alerts.command.ts');
      return runAlertsReplay(config, { onImport: values.import || config.alerts.onImport });
    }
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: {
          role: { type: 'string' },
          sub: { type: 'string' },
          order: { type: 'string' },
          ttl: { type: 'string', default: '8h' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
      const { runToken, TOKEN_USAGE } = await import('./token.command.ts');
      if (values.help) {
        console.log(TOKEN_USAGE);
        return 0;
      }
      return runToken(loadConfig(), values);
    }
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

function isAddressInUse(error: unknown): error is { address: string; port: number } {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else if (error instanceof DataDirLockedError) console.error(error.message);
    else if (isAddressInUse(error)) {
      console.error(`Cannot listen on ${error.address}:${error.port}: the port is in use. Set PORT to a free port.`);
    } else console.error(error);
    process.exitCode = 1;
  },
);
