# zsh_harness.zsh OUT LINE...: types each LINE into an interactive zsh (in a
# pty, with compinit and the completions in $TMP/completions on $fpath),
# presses TAB, and appends what compsys offered to OUT: a line "> LINE",
# then one match a line. compadd is wrapped to record its matches; zsh's
# own list on the terminal is not read.
zmodload zsh/zpty || exit 2
out=$1
shift
done_file=$TMP/zsh-done
setup=$TMP/zsh-setup.zsh
cat >$setup <<'SETUP'
PS1='' PROMPT='' RPROMPT=''
unsetopt AUTO_LIST AUTO_MENU BEEP
fpath=($TMP/completions $fpath)
autoload -Uz compinit
compinit -u -d $TMP/zcompdump
compadd() {
  # Calls that only compute matches for _describe and friends pass through.
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >>$TMP/zsh-matches
  builtin compadd "$@"
}
record-completion() {
  zle complete-word
  print done >$TMP/zsh-done
}
zle -N record-completion
bindkey '^I' record-completion
print ready >$TMP/zsh-done
SETUP

# wait_done: the pty's zsh has finished what it was given.
wait_done() {
  local i chunk
  for i in {1..200}; do
    # Read what zsh drew, so a full pty never stops it.
    while zpty -rt z chunk 2>/dev/null; do :; done
    [[ -s $done_file ]] && { rm -f $done_file; return 0 }
    sleep 0.05
  done
  print -u2 "zsh_harness: no answer from the completion of: $1"
  zpty -d z
  exit 1
}

rm -f $done_file
zpty z zsh -f -i
zpty -w z "source ${(q)setup}"
wait_done setup
for line in "$@"; do
  : >$TMP/zsh-matches
  # ^U clears what the last completion left on the line.
  zpty -w -n z $'\C-u'"$line"$'\t'
  wait_done $line
  print -r -- "> $line" >>$out
  cat $TMP/zsh-matches >>$out
done
zpty -d z
