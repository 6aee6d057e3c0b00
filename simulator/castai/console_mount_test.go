package castai

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMountConsole(t *testing.T) {
	srv, err := New(Config{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) int {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	if code := get("/console/users"); code != http.StatusNotFound {
		t.Fatalf("/console before pages are mounted: %d, want 404", code)
	}
	var seen string
	srv.MountConsole(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.URL.Path
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, path := range []string{"/console", "/console/groups/g1"} {
		if code := get(path); code != http.StatusTeapot || seen != path {
			t.Fatalf("GET %s: %d reaching %q, want the pages with the full path", path, code, seen)
		}
	}
	if code := get("/v1/me"); code != http.StatusUnauthorized {
		t.Fatalf("/v1 next to the pages: %d, want 401", code)
	}
}
