package serve

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthTimeout bounds one healthcheck probe.
const healthTimeout = 3 * time.Second

// Healthcheck is the `<name> healthcheck` subcommand: it GETs /healthz of
// the server at --addr (the env twin of the server's --addr) and fails unless
// it answers 200. --tls defaults to on when the server's --tls-cert twin is
// set.
func Healthcheck(ctx context.Context, name, defaultAddr string, env Env, args []string,
	stderr io.Writer,
) error {
	fs := flag.NewFlagSet(name+" healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", env.Get("addr", defaultAddr), "address of the running "+name)
	tlsOn := fs.Bool("tls", env.Getenv(env.Name("tls-cert")) != "", "probe over HTTPS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	scheme := "http"
	if *tlsOn {
		scheme = "https"
	}

	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := scheme + "://" + Loopback(*addr) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// The probe runs next to the server; its certificate may be self-signed.
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}

// Loopback turns a wildcard listen address (0.0.0.0:8080, [::]:8080, :8080),
// what a container listens on, into the loopback one a local client or probe
// can dial. Other addresses come back unchanged.
func Loopback(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}
