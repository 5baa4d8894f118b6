// Options of the bench and sweep scripts: every value given after a flag, in order (a flag may repeat).

export function optionValues(name: string, args: readonly string[] = process.argv.slice(2)): string[] {
  const values: string[] = [];
  for (let index = 0; index < args.length; index += 1) if (args[index] === name && args[index + 1] !== undefined) values.push(args[index + 1]);
  return values;
}
