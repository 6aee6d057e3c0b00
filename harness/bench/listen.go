package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// server is an http.Server on a free loopback port.
type server struct {
	URL  string // http://127.0.0.1:port
	ln   net.Listener
	srv  *http.Server
	done chan struct{}
	// opened counts the connections clients opened.
	opened atomic.Int64
}

// newServer reserves a free 127.0.0.1 port; start serves on it.
func newServer() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return &server{URL: "http://" + ln.Addr().String(), ln: ln, done: make(chan struct{})}, nil
}

// start serves h until stop.
func (s *server) start(h http.Handler) {
	s.srv = &http.Server{
		Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.opened.Add(1)
			}
		},
	}
	go func() {
		_ = s.srv.Serve(s.ln) // http.ErrServerClosed once stopped
		close(s.done)
	}()
}

// stop shuts the server down, closing idle connections.
func (s *server) stop() {
	if s.srv == nil {
		_ = s.ln.Close()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.done
}

// freePort returns a loopback address that was free a moment ago.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	return addr, nil
}

// newSecret returns a random token.
func newSecret() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
