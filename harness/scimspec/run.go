package scimspec

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// RunAll runs every check as a subtest against the SCIM service at baseURL,
// deleting what each check created. A service's own Go tests call it, e.g.
//
//	srv := httptest.NewServer(handler)
//	scimspec.RunAll(t, srv.URL+"/scim/v2", token)
func RunAll(t *testing.T, baseURL, token string) {
	t.Helper()
	client := &Client{BaseURL: baseURL, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}
	for _, c := range Checks() {
		t.Run(c.Name, func(t *testing.T) {
			s := NewSession(client, "")
			t.Cleanup(func() {
				if err := s.Cleanup(context.Background()); err != nil {
					t.Errorf("clean up: %v", err)
				}
			})
			if err := c.Run(t.Context(), s); err != nil {
				t.Fatal(err)
			}
		})
	}
}
