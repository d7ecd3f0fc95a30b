// Package cli is Fusion's command line: it parses flags, opens what a
// command needs and turns results into output and exit codes. It holds no
// package-level mutable state, so tests run commands in-process.
//
// stdout carries data only; logs, progress and errors go to stderr.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes.
const (
	ExitOK    = 0 // success
	ExitError = 1 // the command failed: invalid input, not found, a store error
	ExitUsage = 2 // the command line itself is wrong
)

const exitCodesHelp = `Exit codes:
  0  success
  1  failure: invalid input (nothing stored), not found, or an error
  2  usage: unknown command or flag, wrong arguments`

// Version is set at build time with -ldflags "-X …/cli.Version=…".
var Version = "dev"

// Config is what every command may need; flags fill it, then FUSION_*
// environment variables for flags not given.
type Config struct {
	DataDir  string // embedded store directory (FUSION_DATA)
	DB       string // PostgreSQL DSN (FUSION_DB); empty selects the embedded store
	LogLevel string
}

// env holds a command's I/O and configuration.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	cfg    Config
	log    *slog.Logger

	as string // --as: the organisation a command acts as

	cpuProfile  string
	stopProfile func()
}

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// silentError carries an exit code for a failure already reported.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run runs the command line args (args[0] is the program name) and returns
// the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	root := e.rootCommand()
	root.SetArgs(args[1:])
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if e.stopProfile != nil {
		e.stopProfile()
	}
	if err == nil {
		return ExitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	fmt.Fprintf(stderr, "fusion: %v\n", err)
	var usage usageError
	if errors.As(err, &usage) || isCobraUsage(err) {
		fmt.Fprintln(stderr, "hint: run 'fusion --help' or 'fusion COMMAND --help'")
		return ExitUsage
	}
	return ExitError
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "requires exactly"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}

func (e *env) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "fusion",
		Short: "Threat-intelligence exchange and forensics lab",
		Long: `Fusion takes threat intelligence in (STIX 2.1), fuses it into one versioned,
deduplicated store, and serves it to those allowed to see it.

` + exitCodesHelp,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return e.configure(cmd)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&e.cfg.DataDir, "data", "", "data directory of the embedded store (env FUSION_DATA, default ./fusion-data)")
	pf.StringVar(&e.cfg.DB, "db", "", "PostgreSQL DSN, e.g. postgres://user@host/db (env FUSION_DB); selects PostgreSQL instead of the embedded store")
	pf.StringVar(&e.cfg.LogLevel, "log-level", "info", "log level: debug, info, warn, error (env FUSION_LOG_LEVEL)")
	pf.StringVar(&e.as, "as", "", "act as organisation ORG: reads show what it may see, ingest makes it the owner (default: the local operator, who sees everything)")
	pf.StringVar(&e.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to FILE")
	pf.MarkHidden("cpuprofile")
	root.AddCommand(
		e.serveCommand(),
		e.ingestCommand(),
		e.exportCommand(),
		e.extractCommand(),
		e.warninglistCommand(),
		e.sourceCommand(),
		e.pullCommand(),
		e.getCommand(),
		e.searchCommand(),
		e.relatedCommand(),
		e.patternCommand(),
		e.orgCommand(),
		e.keyCommand(),
		e.groupCommand(),
		e.collectionCommand(),
		e.auditCommand(),
		e.benchCommand(),
	)
	return root
}

// configure fills what flags left unset from the environment and sets up
// logging.
func (e *env) configure(cmd *cobra.Command) error {
	flags := cmd.Flags()
	fromEnv := func(flag, name string, dst *string) {
		if !flags.Changed(flag) {
			if v := os.Getenv(name); v != "" {
				*dst = v
			}
		}
	}
	fromEnv("data", "FUSION_DATA", &e.cfg.DataDir)
	fromEnv("db", "FUSION_DB", &e.cfg.DB)
	fromEnv("log-level", "FUSION_LOG_LEVEL", &e.cfg.LogLevel)
	if e.cfg.DataDir == "" {
		e.cfg.DataDir = "fusion-data"
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.cfg.LogLevel)); err != nil {
		return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", e.cfg.LogLevel)}
	}
	if e.cpuProfile != "" {
		f, err := os.Create(e.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		e.stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
	}
	opts := &slog.HandlerOptions{Level: level}
	if isTerminal(e.stderr) {
		e.log = slog.New(slog.NewTextHandler(e.stderr, opts))
	} else {
		e.log = slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
