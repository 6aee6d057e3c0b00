package scimspec_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/harness/scimspec"
	"github.com/idpsim/idpsim/simulator/castai"
)

func startCastsim(t *testing.T, defects ...string) (baseURL, token string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	token = "spec-test-token"
	cast, err := castai.New(castai.Config{PublicURL: url, SCIMToken: token, Defects: defects})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = cast.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return url + "/scim/v2", token
}

// TestRunAllAgainstCastsim runs the whole list against the reference target.
func TestRunAllAgainstCastsim(t *testing.T) {
	url, token := startCastsim(t)
	scimspec.RunAll(t, url, token)
}

// TestChecksCatchBrokenTargets shows that checks fail where they should: each
// named check against castsim with one defect.
func TestChecksCatchBrokenTargets(t *testing.T) {
	tests := []struct {
		defect, check, want string
	}{
		{castai.DefectNoUniqueness, "creating the same user again answers 409 uniqueness", "want [409]"},
		{castai.DefectCaseSensitiveUserName, "a userName filter finds the user whatever the case", "found 0 users"},
		{castai.DefectIgnoreMemberRemove, "a member is removed by a filtered PATCH remove", "after removing"},
		{castai.DefectDropDisplayNameUpdate, "a group is renamed by a path-less replace", "after rename"},
	}
	for _, tt := range tests {
		t.Run(tt.defect, func(t *testing.T) {
			url, token := startCastsim(t, tt.defect)
			c, ok := scimspec.Lookup(tt.check)
			if !ok {
				t.Fatalf("no check %q", tt.check)
			}
			s := scimspec.NewSession(&scimspec.Client{BaseURL: url, Token: token}, "")
			err := c.Run(t.Context(), s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("check error %v, want one containing %q", err, tt.want)
			}
			if err := s.Cleanup(context.Background()); err != nil {
				t.Errorf("clean up: %v", err)
			}
		})
	}
}

func TestFilterQuery(t *testing.T) {
	tests := []struct{ attr, value, want string }{
		{"userName", "a@b.c", `?filter=userName%20eq%20%22a%40b.c%22&startIndex=1&count=100`},
		{
			"displayName", `Ops "A" \ B`,
			`?filter=displayName%20eq%20%22Ops%20%5C%22A%5C%22%20%5C%5C%20B%22&startIndex=1&count=100`,
		},
	}
	for _, tt := range tests {
		if got := scimspec.FilterQuery(tt.attr, tt.value); got != tt.want {
			t.Errorf("FilterQuery(%q, %q) = %s, want %s", tt.attr, tt.value, got, tt.want)
		}
	}
}
