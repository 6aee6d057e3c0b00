package scimclient

import (
	"context"
	"testing"
)

func TestFilterEncoding(t *testing.T) {
	tests := []struct {
		name      string
		encoding  string
		value     string
		wantQuery string
		wantExpr  string // what the server decodes
	}{
		{
			"pct20 plain", FilterPct20, "jane.doe@example.com",
			"filter=userName%20eq%20%22jane.doe%40example.com%22&startIndex=1&count=100",
			`userName eq "jane.doe@example.com"`,
		},
		{
			"plus plain", FilterPlus, "jane.doe@example.com",
			"filter=userName+eq+%22jane.doe%40example.com%22&startIndex=1&count=100",
			`userName eq "jane.doe@example.com"`,
		},
		{
			"pct20 quote and backslash", FilterPct20, `o"neil\x`,
			"filter=userName%20eq%20%22o%5C%22neil%5C%5Cx%22&startIndex=1&count=100",
			`userName eq "o\"neil\\x"`,
		},
		{
			"plus quote", FilterPlus, `say "hi"`,
			"filter=userName+eq+%22say+%5C%22hi%5C%22%22&startIndex=1&count=100",
			`userName eq "say \"hi\""`,
		},
		{
			"pct20 literal plus and ampersand", FilterPct20, "a+b&c@x.io",
			"filter=userName%20eq%20%22a%2Bb%26c%40x.io%22&startIndex=1&count=100",
			`userName eq "a+b&c@x.io"`,
		},
		{
			"plus literal plus", FilterPlus, "a+b@x.io",
			"filter=userName+eq+%22a%2Bb%40x.io%22&startIndex=1&count=100",
			`userName eq "a+b@x.io"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSCIM(t)
			id := f.addUser(map[string]any{"userName": tt.value})
			c, err := New(Config{
				Target:   Target{BaseURL: f.baseURL()},
				Settings: Settings{FilterEncoding: tt.encoding},
			})
			must(t, err)

			r, found, err := c.FindUser(context.Background(), Tag{}, tt.value)
			if err != nil || !found || r.ID != id {
				t.Fatalf("FindUser = %+v, %t, %v; want %s", r, found, err, id)
			}
			reqs := f.requests()
			if len(reqs) != 1 || reqs[0].RawQuery != tt.wantQuery {
				t.Fatalf("raw query = %q, want %q", reqs[0].RawQuery, tt.wantQuery)
			}
			if got := eqFilter("userName", tt.value); got != tt.wantExpr {
				t.Errorf("filter = %s, want %s", got, tt.wantExpr)
			}
		})
	}
}

func TestFindWalksPagesOfAFilterIgnoringTarget(t *testing.T) {
	f := newFakeSCIM(t)
	page1 := `{"totalResults":150,"startIndex":1,"itemsPerPage":1,` +
		`"Resources":[{"id":"x","userName":"other@example.com"}]}`
	page2 := `{"totalResults":150,"startIndex":101,"itemsPerPage":1,` +
		`"Resources":[{"id":"y","userName":"me@example.com"}]}`
	f.push(scripted{status: 200, body: page1}, scripted{status: 200, body: page2})
	c, err := New(Config{Target: Target{BaseURL: f.baseURL()}})
	must(t, err)

	r, found, err := c.FindUser(context.Background(), Tag{}, "ME@example.com")
	if err != nil || !found || r.ID != "y" {
		t.Fatalf("FindUser = %+v, %t, %v; want y", r, found, err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[1].RawQuery !=
		"filter=userName%20eq%20%22ME%40example.com%22&startIndex=101&count=100" {
		t.Errorf("requests = %+v, want a second page at startIndex=101", reqs)
	}
}

func TestFindMissOn404(t *testing.T) {
	f := newFakeSCIM(t)
	f.push(scripted{status: 404, body: `{"status":"404","detail":"no users"}`})
	c, err := New(Config{Target: Target{BaseURL: f.baseURL()}})
	must(t, err)
	if _, found, err := c.FindUser(context.Background(), Tag{}, "a@b.c"); err != nil || found {
		t.Fatalf("FindUser on 404 = %t, %v; want a plain miss", found, err)
	}
}
