import { Command, CommanderError, Option } from 'commander';
import { registerApp } from './commands/app';
import { registerApply, registerAppSet } from './commands/apply';
import { registerAudit } from './commands/audit';
import { registerCluster } from './commands/cluster';
import { registerLogin } from './commands/login';
import { registerRollout } from './commands/rollout';
import { CliError, EXIT } from './exit-codes';
import { OUTPUT_FORMATS } from './output';

/** The `flotilla` command line: a client of the hub's REST API (bin/flotilla runs this file from dist/). */
export function buildProgram(): Command {
  const program = new Command('flotilla')
    .description('Command line client of a Flotilla hub')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 ok; 1 the hub refused or failed the request (or is unreachable); 2 usage error; 3 a sync failed or --wait timed out; 4 app diff found differences.
Credentials: \`flotilla login\` stores them in $XDG_CONFIG_HOME/flotilla/config.json (mode 0600); FLOTILLA_SERVER and FLOTILLA_TOKEN override it.`,
  );
  registerLogin(program);
  registerCluster(program);
  registerApply(program);
  registerAppSet(program);
  registerApp(program);
  registerRollout(program);
  registerAudit(program);
  // Subcommands inherit the parent's behaviour, so usage errors everywhere exit with EXIT.usage below.
  program.commands.forEach(function inherit(command: Command): void {
    command.exitOverride().showHelpAfterError('(run with --help for usage)');
    command.commands.forEach(inherit);
  });
  return program;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander that end the run successfully; commander has printed them.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      if (error.message !== '') process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
