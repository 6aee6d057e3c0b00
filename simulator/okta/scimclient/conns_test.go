package scimclient

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentCallersReuseConnections sends requests from several
// goroutines at once, as idpsim's push workers do, and counts the TCP
// connections the target sees: the callers should keep reusing theirs.
func TestConcurrentCallersReuseConnections(t *testing.T) {
	tests := []struct {
		name    string
		callers int
	}{
		{"one", 1},
		{"four workers", 4},
		{"sixteen workers", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opened atomic.Int64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(
				func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "application/scim+json")
					_, _ = w.Write([]byte(`{"totalResults":0,"Resources":[]}`))
				}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					opened.Add(1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			c, err := New(Config{Target: Target{BaseURL: srv.URL, Token: "secret-token"}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.CloseIdleConnections)

			const perCaller = 200
			var wg sync.WaitGroup
			for range tt.callers {
				wg.Go(func() {
					for range perCaller {
						if _, err := c.Do(context.Background(), Tag{},
							Request{Method: http.MethodGet, Path: "/Users"}); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			// A caller may dial while another's connection comes free, so a
			// start-up burst can leave up to one spare connection per caller.
			if got, most := opened.Load(), int64(2*tt.callers); got > most {
				t.Errorf("%d callers opened %d connections for %d requests, want at most %d",
					tt.callers, got, tt.callers*perCaller, most)
			}
		})
	}
}
