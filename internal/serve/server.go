package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Timeouts bound one server's connections and its shutdown.
type Timeouts struct {
	ReadHeader time.Duration
	Read       time.Duration
	Write      time.Duration
	Idle       time.Duration
	Shutdown   time.Duration
}

// DefaultTimeouts are the simulators' server timeouts. A binary with long
// requests (idpsim's /_sim/wait) raises Write.
func DefaultTimeouts() Timeouts {
	return Timeouts{
		ReadHeader: 5 * time.Second,
		Read:       30 * time.Second,
		Write:      60 * time.Second,
		Idle:       2 * time.Minute,
		Shutdown:   10 * time.Second,
	}
}

// Server is one binary's server as Run serves it.
type Server struct {
	Name     string // binary name, in the log lines
	Handler  http.Handler
	Flags    Flags // TLS files and scheme
	Timeouts Timeouts
	Logger   *slog.Logger
	// ListenAttrs are added to the "listening" log line.
	ListenAttrs []any
	// Ready, when set, receives the bound address once the server accepts
	// connections.
	Ready func(addr string)
}

// Run serves on ln until ctx ends, then shuts down gracefully.
func (s Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler: s.Handler, ReadHeaderTimeout: s.Timeouts.ReadHeader,
		ReadTimeout: s.Timeouts.Read, WriteTimeout: s.Timeouts.Write,
		IdleTimeout: s.Timeouts.Idle,
		ErrorLog:    slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- s.serve(srv, ln) }()
	attrs := append([]any{"addr", ln.Addr().String(), "scheme", s.Flags.Scheme()},
		s.ListenAttrs...)
	s.Logger.Info(s.Name+" listening", attrs...)
	if s.Ready != nil {
		s.Ready(ln.Addr().String())
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.Logger.Info(s.Name + " shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), s.Timeouts.Shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func (s Server) serve(srv *http.Server, ln net.Listener) error {
	var err error
	if s.Flags.TLSCert != "" {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		err = srv.ServeTLS(ln, s.Flags.TLSCert, s.Flags.TLSKey)
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
