package castai

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// seedUsers puts n users straight into the store and returns their ids.
func seedUsers(b *testing.B, s *Server, n int) []string {
	b.Helper()
	ids := make([]string, n)
	for i := range n {
		name := fmt.Sprintf("user%06d@example.com", i)
		u, err := s.store.CreateUser(store.User{
			UserName: name, Active: true,
			Emails: []scim.Email{{Value: name, Primary: true, Type: "work"}},
		})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = u.ID
	}
	return ids
}

// latencies collects per-operation times and reports p50 and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	b.Helper()
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	pct := func(p float64) float64 {
		return float64(l[int(p*float64(len(l)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func benchServer(b *testing.B) *Server {
	b.Helper()
	s, err := New(Config{SCIMToken: testToken})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func serve(b *testing.B, h http.Handler, method, path, body string, want int) {
	b.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", scim.ContentType)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
}

// BenchmarkUserNameLookup is Okta's pre-create lookup,
// GET /Users?filter=userName eq "…", among 100,000 users.
func BenchmarkUserNameLookup(b *testing.B) {
	s := benchServer(b)
	const n = 100_000
	seedUsers(b, s, n)
	h := s.Handler()
	var lat latencies
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		filter := fmt.Sprintf(`userName eq "USER%06d@example.com"`, (i*7919)%n)
		path := "/scim/v2/Users?filter=" + strings.ReplaceAll(url.QueryEscape(filter), "+", "%20") +
			"&startIndex=1&count=100"
		start := time.Now()
		serve(b, h, "GET", path, "", http.StatusOK)
		lat = append(lat, time.Since(start))
	}
	lat.report(b)
}

// BenchmarkGroupMembershipPatch is one Okta membership PATCH removing 100
// members from and adding 100 members to a group of 50,000 members.
func BenchmarkGroupMembershipPatch(b *testing.B) {
	s := benchServer(b)
	const size, batch = 50_000, 100
	ids := seedUsers(b, s, size+batch)
	members := make([]store.Member, size)
	for i := range size {
		members[i] = store.Member{UserID: ids[i]}
	}
	g, err := s.store.CreateGroup(store.Group{DisplayName: "Everyone"}, members)
	if err != nil {
		b.Fatal(err)
	}
	// Alternate two batches in and out so the group stays at 50,000.
	in, out := ids[:batch], ids[size:size+batch]
	h := s.Handler()
	var lat latencies
	b.ResetTimer()
	for b.Loop() {
		body := membershipPatch(in, out)
		start := time.Now()
		serve(b, h, "PATCH", "/scim/v2/Groups/"+g.ID, body, http.StatusNoContent)
		lat = append(lat, time.Since(start))
		in, out = out, in
	}
	b.StopTimer()
	lat.report(b)
	if got, _ := s.store.Group(g.ID); got.MemberCount != size {
		b.Fatalf("group has %d members, want %d", got.MemberCount, size)
	}
}

// membershipPatch is Okta's shape: one remove per leaver, one add.
func membershipPatch(leave, join []string) string {
	ops := make([]scim.PatchOperation, 0, len(leave)+1)
	for _, id := range leave {
		ops = append(ops, scim.PatchOperation{
			Op:   "remove",
			Path: fmt.Sprintf(`members[value eq "%s"]`, id),
		})
	}
	add := make([]scim.Member, len(join))
	for i, id := range join {
		add[i] = scim.Member{Value: id, Display: id}
	}
	raw, _ := json.Marshal(add)
	ops = append(ops, scim.PatchOperation{Op: "add", Path: "members", Value: raw})
	body, _ := json.Marshal(scim.NewPatch(ops...))
	return string(body)
}
