package okta

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMountConsole(t *testing.T) {
	sim, err := New(Config{AdminToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	get := func(path string) int {
		rec := httptest.NewRecorder()
		sim.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	if code := get("/admin/people"); code != http.StatusNotFound {
		t.Fatalf("/admin before a console is mounted: %d, want 404", code)
	}
	var seen string
	sim.MountConsole(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.URL.Path
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, path := range []string{"/admin", "/admin/people/00u1"} {
		if code := get(path); code != http.StatusTeapot || seen != path {
			t.Fatalf("GET %s: %d reaching %q, want the console with the full path", path, code,
				seen)
		}
	}
	if code := get("/api/v1/users"); code != http.StatusUnauthorized {
		t.Fatalf("/api/v1 next to the console: %d, want 401", code)
	}
}
