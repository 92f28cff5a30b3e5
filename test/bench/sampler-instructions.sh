#!/bin/sh
# Instructions of one run-sampler sample, counted by valgrind (callgrind, user space, every process
# traced): the one-shot command (sampleCommand) run by bash — the lab's and a Pi's login shell, as
# sshd runs it — against the sampling loop (sampleLoopScript: bash execs sh) answering 1 and 21
# ticks, for the same wants. Instruction counts do not depend on the machine's load; the kernel's
# work (fork, exec, page faults) is not in them — the one-shot command's fork+exec of bash, its
# subshells and tail are that much cheaper here than they are.
#
#   npm run build && test/bench/sampler-instructions.sh PID...   (the "services": any pids, e.g.
#   two 11-thread node processes: `ps -eo pid,nlwp,comm --sort=-nlwp | head`)
set -e
cd "$(dirname "$0")/../.."
PIDS="$*"
node -e "
Promise.all([import('$PWD/dist/core/loadtest/sample-command.js'),import('$PWD/dist/core/loadtest/sample-loop.js')]).then(([c,l])=>{const fs=require('fs');const w={netDev:false,vcgencmd:false,services:'$PIDS'.split(' ').map(Number)};
fs.writeFileSync('${TMPDIR:-/tmp}/picon-sc-i-old.sh',c.sampleCommand(w).text);fs.writeFileSync('${TMPDIR:-/tmp}/picon-sc-i-loop.sh',l.sampleLoopScript({netDev:false}).text);
let t='';for(let i=1;i<=21;i++)t+=l.tickLine(i,w);fs.writeFileSync('${TMPDIR:-/tmp}/picon-sc-i-t21',t);fs.writeFileSync('${TMPDIR:-/tmp}/picon-sc-i-t1',l.tickLine(1,w));})"
cg() { valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | grep Collected | awk '{s+=$4} END {print s}'; }
old=$(cg bash -c "$(cat ${TMPDIR:-/tmp}/picon-sc-i-old.sh)")
one=$(cg bash -c "$(cat ${TMPDIR:-/tmp}/picon-sc-i-loop.sh)" < ${TMPDIR:-/tmp}/picon-sc-i-t1)
many=$(cg bash -c "$(cat ${TMPDIR:-/tmp}/picon-sc-i-loop.sh)" < ${TMPDIR:-/tmp}/picon-sc-i-t21)
echo "one-shot command (bash -c): $old instructions per sample"
echo "loop: start + 1 sample $one; each further sample $(( (many - one) / 20 )) instructions"
