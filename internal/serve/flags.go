package serve

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Env reads the environment twins of flags: with Prefix "IDPSIM_",
// --admin-token is IDPSIM_ADMIN_TOKEN.
type Env struct {
	Prefix string
	Getenv func(string) string
}

// Name is the environment twin of a flag.
func (e Env) Name(flagName string) string {
	return e.Prefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Get is the value of a flag's environment twin, or def when it is unset or
// empty.
func (e Env) Get(flagName, def string) string {
	if v := e.Getenv(e.Name(flagName)); v != "" {
		return v
	}
	return def
}

// Flags are the listening settings every simulator binary takes.
type Flags struct {
	Addr     string
	TLSCert  string
	TLSKey   string
	LogLevel string
}

// Register adds --addr, --tls-cert, --tls-key and --log-level to fs, each
// defaulting to its environment twin, then to the built-in default.
func (f *Flags) Register(fs *flag.FlagSet, env Env, defaultAddr, logLevelHelp string) {
	fs.StringVar(&f.Addr, "addr", env.Get("addr", defaultAddr), "listen address")
	fs.StringVar(&f.TLSCert, "tls-cert", env.Get("tls-cert", ""),
		"serve HTTPS with this certificate")
	fs.StringVar(&f.TLSKey, "tls-key", env.Get("tls-key", ""), "key of --tls-cert")
	fs.StringVar(&f.LogLevel, "log-level", env.Get("log-level", "info"), logLevelHelp)
}

// Validate reports every problem with the flags at once.
func (f Flags) Validate() error {
	var errs []error
	if (f.TLSCert == "") != (f.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if _, err := ParseLevel(f.LogLevel); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Scheme is the URL scheme the server answers on.
func (f Flags) Scheme() string {
	if f.TLSCert != "" {
		return "https"
	}
	return "http"
}

// Logger writes JSON lines to w at the --log-level (info when it does not
// parse; Validate reports that).
func (f Flags) Logger(w io.Writer) *slog.Logger {
	level, _ := ParseLevel(f.LogLevel)
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// ParseLevel reads a --log-level value.
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}
