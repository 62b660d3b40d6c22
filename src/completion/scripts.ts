/**
 * `sysctl-advisor completion [bash|zsh]`: a shell completion script. The script asks the CLI
 * itself for the words (yargs answers `--get-yargs-completions WORDS...` with the commands,
 * options and choices that fit), so it never goes stale. Where the word being completed is not
 * an option and nothing fits, the shell completes file names: PATH arguments (`review FILE`,
 * `apply FILE`) and values such as `--root DIR` are files.
 */
import { basename } from 'node:path';
import { UsageError } from '../util/errors.js';

const BASH = `# sysctl-advisor completion for bash.
# Install: sysctl-advisor completion bash > ~/.local/share/bash-completion/completions/sysctl-advisor
#      or: sysctl-advisor completion bash >> ~/.bashrc
_sysctl_advisor_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" answer
  local -a answers=() eligible=()
  mapfile -t answers < <(sysctl-advisor --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  for answer in "\${answers[@]}"; do
    # Options only where one is being typed: elsewhere the word is a command, a value or a file.
    [[ $answer != -* || $cur == -* ]] && eligible+=("$answer")
  done
  mapfile -t COMPREPLY < <(compgen -W "\${eligible[*]}" -- "$cur")
}
complete -o bashdefault -o default -F _sysctl_advisor_completions sysctl-advisor
`;

const ZSH = `#compdef sysctl-advisor
# sysctl-advisor completion for zsh.
# Install: sysctl-advisor completion zsh > "\${fpath[1]}/_sysctl-advisor" (then start a new zsh)
#      or: add  source <(sysctl-advisor completion zsh)  to ~/.zshrc, after compinit
_sysctl-advisor() {
  local -a answers
  answers=("\${(@f)$(sysctl-advisor --get-yargs-completions "\${(@)words[1,CURRENT]}" 2>/dev/null)}")
  answers=(\${answers:#})
  # Options only where one is being typed: elsewhere the word is a command, a value or a file.
  [[ \${words[CURRENT]} == -* ]] || answers=(\${answers:#-*})
  if (( \${#answers} )); then
    compadd -- "\${answers[@]}"
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _sysctl-advisor "$@"
else
  compdef _sysctl-advisor sysctl-advisor
fi
`;

/** The shell named, else the user's login shell when it is zsh, else bash. */
export function completionScript(requested: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const chosen = requested ?? (basename(env.SHELL ?? '') === 'zsh' ? 'zsh' : 'bash');
  if (chosen === 'bash') return BASH;
  if (chosen === 'zsh') return ZSH;
  throw new UsageError(`completion: no script for shell "${chosen}" (bash or zsh)`);
}
