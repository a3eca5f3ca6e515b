/**
 * @module cli/format-option
 * The `--format` option every command shares, validated into a one-line usage error.
 */
import { Option } from 'commander';

export function formatOption(choices: readonly string[], fallback: string): Option {
  return new Option('-f, --format <format>', `output format`).choices(choices).default(fallback);
}
