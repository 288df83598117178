import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppError, BadUserInputError, ConfigError, loadConfig } from '@app/core';
import { openCli } from './cli-context';
import {
  baselineDraft,
  CommandResult,
  createAdmin,
  importMot,
  invitationLink,
  migrate,
  seed,
  verifyAudit,
} from './commands/commands';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate [--revert]            apply pending migrations (or undo the last one)
  seed                          create the demo organisations and users (idempotent)
  create-admin --org SLUG --email EMAIL --name "Display Name" [--org-name "Organisation"]
                                invite an organisation's first ORG_ADMIN: the activation link is
                                e-mailed when SMTP_URL is set, printed otherwise
  invitation-link EMAIL         print a fresh activation link for a pending invitation (the
                                earlier link stops working); for when no mail is configured
  verify-audit --org SLUG       recompute the organisation's audit hash chain (exit 1 if broken)
  import-mot PATH --org SLUG    import Model Openness Tool records (a .yml file or a folder of them);
                                nothing is imported when any file is malformed
  baseline-draft --org SLUG     save the service's current baseline rules as a draft of the
                                organisation's baseline policy, for a POLICY_ADMIN to publish
                                (exit 1, nothing written, when the policy has a draft already)

The database is DATABASE_URL, or the embedded one in DATA_DIR (stop the server first: the embedded
database serves one process at a time).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      'org-name': { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      revert: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const required = (name: 'org' | 'email' | 'name'): string => {
    const v = values[name];
    if (!v) throw new BadUserInputError(`--${name} is required for ${command}`, name);
    return v;
  };
  const env = { ...process.env };
  if (command === 'migrate') env.MIGRATIONS_RUN = 'true';
  // Seeding is asked for by the command, never by the environment; production refuses it (SEED_DEMO).
  env.SEED_DEMO = command === 'seed' ? 'true' : 'false';
  env.LOG_LEVEL ??= 'warn';
  // Operator commands sign no tokens: no JWT_SECRET needed to migrate or seed a shared database.
  const config = loadConfig(env, { issuesTokens: false });
  const app = await openCli(config);
  try {
    let result: CommandResult;
    switch (command) {
      case 'migrate':
        result = await migrate(app, values.revert);
        break;
      case 'seed':
        result = await seed(app);
        break;
      case 'create-admin':
        result = await createAdmin(app, {
          org: required('org'),
          orgName: values['org-name'],
          email: required('email'),
          displayName: required('name'),
        });
        break;
      case 'invitation-link':
        if (!positionals[1]) throw new BadUserInputError('invitation-link needs the email of the invitee', 'email');
        result = await invitationLink(app, positionals[1]);
        break;
      case 'import-mot':
        if (!positionals[1]) throw new BadUserInputError('import-mot needs a file or folder', 'path');
        result = await importMot(app, required('org'), positionals[1]);
        break;
      case 'baseline-draft':
        result = await baselineDraft(app, required('org'));
        break;
      case 'verify-audit':
        result = await verifyAudit(app, required('org'));
        break;
      default:
        console.error(`Unknown command ${command}\n\n${USAGE}`);
        return 2;
    }
    console.log(JSON.stringify(result.output, null, 2));
    return result.exitCode;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof ConfigError ? 78 : 1);
  });
