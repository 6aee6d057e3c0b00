package serve

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
)

// Options are a binary's parsed settings, which embed Flags.
type Options interface {
	Logger(w io.Writer) *slog.Logger
	Listen() (net.Listener, error)
}

// Start is how every binary begins: it parses the flags with parse, listens
// on --addr and hands the listener and a logger at --log-level to serve,
// which builds the server for the bound address and runs it. After --help
// (parse printed the usage) it returns nil without listening.
func Start[O Options](parse func() (O, error), stderr io.Writer,
	serve func(o O, ln net.Listener, logger *slog.Logger) error,
) error {
	o, err := parse()
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	ln, err := o.Listen()
	if err != nil {
		return err
	}
	defer ln.Close()
	return serve(o, ln, o.Logger(stderr))
}

// Listen opens the TCP listener at --addr.
func (f Flags) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", f.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", f.Addr, err)
	}
	return ln, nil
}
