/**
 * The scripts `picon completion bash|zsh|fish` prints. Each only hands the line to
 * `picon __complete` (the same picon the line names) and shows its answers, so a new command or
 * flag in the table completes without touching them. `:files` / `:dirs` ask for the shell's own
 * file-name completion.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = String.raw`# picon completion for bash. Enable: source <(picon completion bash)
_picon_complete() {
  local cur="@{COMP_WORDS[COMP_CWORD]}" line
  local -a lines
  COMPREPLY=()
  mapfile -t lines < <("@{COMP_WORDS[0]}" __complete -- "@{COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null)
  for line in "@{lines[@]}"; do
    case "$line" in
      :files) compopt -o filenames 2>/dev/null; mapfile -t -O "@{#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur") ;;
      :dirs) compopt -o filenames 2>/dev/null; mapfile -t -O "@{#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur") ;;
      ?*) COMPREPLY+=("@{line%%$'\t'*}") ;;
    esac
  done
}
complete -F _picon_complete picon
`;

const ZSH = String.raw`#compdef picon
# picon completion for zsh. Enable: source <(picon completion zsh)
_picon() {
  local line
  local -a lines cands
  lines=("@{(@f)$("@{words[1]}" __complete -- "@{(@)words[2,CURRENT-1]}" "@{words[CURRENT]}" 2>/dev/null)}")
  for line in "@{lines[@]}"; do
    case "$line" in
      :files) _files ;;
      :dirs) _files -/ ;;
      *$'\t'*) cands+=("@{@{line%%$'\t'*}//:/\\:}:@{line#*$'\t'}") ;;
      ?*) cands+=("@{line//:/\\:}") ;;
    esac
  done
  (( @{#cands} )) && _describe -t picon-values 'picon' cands
  return 0
}
if (( ! $+functions[compdef] )); then autoload -Uz compinit && compinit; fi
compdef _picon picon
`;

const FISH = String.raw`# picon completion for fish. Enable: picon completion fish | source
function __picon_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    for line in ($words[1] __complete -- $words[2..-1] $cur 2>/dev/null)
        switch $line
            case ':files'
                __fish_complete_path $cur
            case ':dirs'
                __fish_complete_directories $cur
            case '*'
                echo $line
        end
    end
end
complete -c picon -f -a '(__picon_complete)'
`;

/** The scripts are written with `@{` for the shell's `${` (a template literal's own placeholder). */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell].replaceAll('@{', '${');
}
