/**
 * The lab keeper: a tiny Perl process (perl-base is on every Debian) that starts the lab's
 * services as its children and reaps them — and, as a child subreaper, reaps their orphans
 * too (nginx workers after a SIGKILLed master, sshd sessions after a killed listener). Without
 * it, dead lab processes stay zombies wherever init does not reap (containers).
 *
 * Protocol, one request per connection, fields separated by \x1f, ending in \n:
 *   ping                          -> "pong PID"
 *   spawn LOG CWD ARGV0 ARGV1 ... -> "pid N" | "error REASON"
 */
export const KEEPER_SCRIPT = String.raw`use strict;
use warnings;
use POSIX qw(setsid WNOHANG);
use IO::Socket::UNIX;
use IO::Select;
use Socket;

my ($sock_path, $prctl_nr) = @ARGV;
syscall($prctl_nr, 36, 1, 0, 0, 0) if $prctl_nr > 0;    # PR_SET_CHILD_SUBREAPER
$SIG{PIPE} = 'IGNORE';
my $running = 1;
$SIG{TERM} = sub { $running = 0 };
$SIG{INT} = sub { $running = 0 };
unlink $sock_path;
my $listen = IO::Socket::UNIX->new(Type => SOCK_STREAM, Local => $sock_path, Listen => 128)
  or die "keeper: cannot listen on $sock_path: $!\n";
chmod 0600, $sock_path;
my $sel = IO::Select->new($listen);
print "keeper $$ listening on $sock_path\n";

sub answer {
  my ($fh, $line) = @_;
  chomp $line;
  my @f = split /\x1f/, $line, -1;
  my $op = shift(@f) // '';
  if ($op eq 'ping') { print $fh "pong $$\n"; return; }
  if ($op ne 'spawn' || @f < 3) { print $fh "error bad request\n"; return; }
  my ($log, $cwd, @argv) = @f;
  my $pid = fork();
  if (!defined $pid) { print $fh "error fork: $!\n"; return; }
  if ($pid == 0) {
    setsid();
    $SIG{$_} = 'DEFAULT' for qw(PIPE TERM INT);
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>>', $log) or POSIX::_exit(126);
    open(STDERR, '>&', \*STDOUT);
    chdir $cwd;
    exec { $argv[0] } @argv;
    print STDERR "keeper: cannot run $argv[0]: $!\n";
    POSIX::_exit(127);
  }
  print $fh "pid $pid\n";
}

while ($running) {
  1 while waitpid(-1, WNOHANG) > 0;
  for my $fh ($sel->can_read(0.2)) {
    if ($fh == $listen) {
      my $client = $listen->accept or next;
      $sel->add($client);
      next;
    }
    my $line = <$fh>;
    answer($fh, $line) if defined $line;
    $sel->remove($fh);
    close $fh;
  }
}
unlink $sock_path;
`;

/** prctl's syscall number, for PR_SET_CHILD_SUBREAPER; 0 (skip) on architectures not listed. */
export function prctlSyscall(arch: string): number {
  switch (arch) {
    case 'x64':
      return 157;
    case 'arm64':
      return 167;
    case 'ia32':
    case 'arm':
      return 172;
    default:
      return 0;
  }
}

export interface SpawnRequest {
  readonly argv: readonly string[];
  readonly log: string;
  readonly cwd: string;
}

/** The request line, or undefined when a field could break the framing. */
export function spawnRequestLine(req: SpawnRequest): string | undefined {
  const fields = ['spawn', req.log, req.cwd, ...req.argv];
  if (fields.some((f) => /[\x1f\n\0]/.test(f))) return undefined;
  return `${fields.join('\x1f')}\n`;
}
