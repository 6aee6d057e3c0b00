package bench

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// kindOf names the kind of a SCIM exchange from its method, path, query and,
// for group PATCHes, its body: a path-less replace is Okta's rename
// reassertion, anything naming members a membership change.
func kindOf(e scimclient.Exchange) string {
	resource, hasID := resourceOf(e.Path)
	filtered := strings.Contains(e.Query, "filter=")
	switch {
	case e.Method == http.MethodGet && !hasID && filtered:
		return resource + " lookup"
	case e.Method == http.MethodGet && !hasID:
		return resource + " list"
	case e.Method == http.MethodGet:
		return resource + " read"
	case e.Method == http.MethodPost:
		return resource + " create"
	case e.Method == http.MethodPut:
		return resource + " replace"
	case e.Method == http.MethodDelete:
		return resource + " delete"
	case e.Method == http.MethodPatch && resource == "group":
		if strings.Contains(e.RequestBody, `"members`) {
			return "group members"
		}
		return "group rename"
	case e.Method == http.MethodPatch:
		return resource + " patch"
	}
	return resource + " " + strings.ToLower(e.Method)
}

// resourceOf reads ".../Users[/id]" or ".../Groups[/id]".
func resourceOf(path string) (resource string, hasID bool) {
	for _, r := range []struct{ segment, name string }{{"/Users", "user"}, {"/Groups", "group"}} {
		i := strings.LastIndex(path, r.segment)
		if i < 0 {
			continue
		}
		rest := path[i+len(r.segment):]
		if rest == "" || rest == "/" {
			return r.name, false
		}
		if rest[0] == '/' {
			return r.name, true
		}
	}
	return "other", false
}

// kindStats groups exchanges by kind, most frequent first.
func kindStats(ex []scimclient.Exchange) []KindStats {
	byKind := map[string][]float64{}
	for _, e := range ex {
		k := kindOf(e)
		byKind[k] = append(byKind[k], e.DurationMs)
	}
	out := make([]KindStats, 0, len(byKind))
	for k, ms := range byKind {
		slices.Sort(ms)
		out = append(out, KindStats{
			Kind: k, Count: len(ms),
			P50: percentile(ms, 0.50), P99: percentile(ms, 0.99),
		})
	}
	slices.SortFunc(out, func(a, b KindStats) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}
