package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai"
)

// fillBatch is the number of members added per PATCH while the big group
// is filled (Okta's largest batch setting).
const fillBatch = 1000

// target calls castsim's handler in-process, without network: the lookup
// figures are the target's own cost.
type target struct {
	h     http.Handler
	token string
}

func newTarget(o Options) (*target, error) {
	token := newSecret()
	cast, err := castai.New(castai.Config{SCIMToken: token, Logger: o.Logger})
	if err != nil {
		return nil, fmt.Errorf("start castsim: %w", err)
	}
	return &target{h: cast.Handler(), token: token}, nil
}

// do serves one request and returns its status, body and handler time.
func (t *target) do(method, path string, body any) (int, []byte, time.Duration, error) {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return 0, nil, 0, fmt.Errorf("encode %s %s: %w", method, path, err)
		}
	}
	req := httptest.NewRequest(method, "/scim/v2"+path, strings.NewReader(string(data)))
	req.Header.Set("Authorization", "Bearer "+t.token)
	req.Header.Set("Content-Type", scim.ContentTypeWithCharset)
	rec := httptest.NewRecorder()
	began := time.Now()
	t.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), time.Since(began), nil
}

// expect serves a request and fails unless the answer has status want.
func (t *target) expect(method, path string, body any, want int) ([]byte, time.Duration, error) {
	status, answer, took, err := t.do(method, path, body)
	if err != nil {
		return nil, 0, err
	}
	if status != want {
		return nil, 0, fmt.Errorf("%s %s: status %d, want %d: %.200s", method, path, status,
			want, answer)
	}
	return answer, took, nil
}

func lookupUserName(i int) string { return fmt.Sprintf("user%06d@example.com", i) }

// seedUsers creates n users over SCIM and returns their ids.
func (t *target) seedUsers(ctx context.Context, n int) ([]string, error) {
	ids := make([]string, n)
	for i := range ids {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("seed users: %w", err)
		}
		name := lookupUserName(i)
		body := map[string]any{
			"schemas": []string{scim.SchemaUser}, "userName": name,
			"name":   map[string]string{"givenName": "User", "familyName": fmt.Sprint(i)},
			"emails": []map[string]any{{"value": name, "primary": true, "type": "work"}},
			"active": true,
		}
		answer, _, err := t.expect(http.MethodPost, "/Users", body, http.StatusCreated)
		if err != nil {
			return nil, fmt.Errorf("seed users: %w", err)
		}
		var u struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(answer, &u); err != nil {
			return nil, fmt.Errorf("seed users: decode: %w", err)
		}
		ids[i] = u.ID
	}
	return ids, nil
}

// runLookups seeds castsim with users and times Okta's pre-create lookup
// and its membership PATCH on a big group.
func runLookups(ctx context.Context, o Options) (LookupResult, error) {
	t, err := newTarget(o)
	if err != nil {
		return LookupResult{}, err
	}
	ids, err := t.seedUsers(ctx, max(o.LookupUsers, o.PatchGroupSize+o.PatchBatch))
	if err != nil {
		return LookupResult{}, err
	}
	r := LookupResult{Users: len(ids), GroupSize: o.PatchGroupSize, Batch: o.PatchBatch}
	lat, err := t.timeLookups(len(ids), o.Samples)
	if err != nil {
		return r, err
	}
	r.LookupP50, r.LookupP99 = percentile(lat, 0.50), percentile(lat, 0.99)

	if o.PatchGroupSize == 0 {
		return r, nil
	}
	lat, err = t.timePatches(ids, o.PatchGroupSize, o.PatchBatch, o.Samples)
	if err != nil {
		return r, err
	}
	r.PatchP50, r.PatchP99 = percentile(lat, 0.50), percentile(lat, 0.99)
	return r, nil
}

// timeLookups sends samples lookups of userNames spread over the n users,
// in upper case as castsim's own benchmark does (userName is compared
// without case, RFC 7643 §4.1.1), and checks each finds its one user.
func (t *target) timeLookups(n, samples int) ([]float64, error) {
	lat := make([]time.Duration, 0, samples)
	for i := range samples {
		name := strings.ToUpper(lookupUserName((i * 7919) % n))
		filter := `userName eq "` + name + `"`
		path := "/Users?filter=" + strings.ReplaceAll(url.QueryEscape(filter), "+", "%20") +
			"&startIndex=1&count=100"
		answer, took, err := t.expect(http.MethodGet, path, nil, http.StatusOK)
		if err != nil {
			return nil, fmt.Errorf("lookup: %w", err)
		}
		var page scim.ListResponse
		if err := json.Unmarshal(answer, &page); err != nil || page.TotalResults != 1 {
			return nil, fmt.Errorf("lookup %s: want one user, got %.200s", name, answer)
		}
		lat = append(lat, took)
	}
	return millis(lat), nil
}

// timePatches builds a group of size members, then times samples PATCHes
// that each remove batch members and add batch others, swapping two batches
// in and out so that the group keeps its size.
func (t *target) timePatches(ids []string, size, batch, samples int) ([]float64, error) {
	answer, _, err := t.expect(http.MethodPost, "/Groups",
		map[string]any{"schemas": []string{scim.SchemaGroup}, "displayName": "Everyone"},
		http.StatusCreated)
	if err != nil {
		return nil, fmt.Errorf("create the big group: %w", err)
	}
	var g struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(answer, &g); err != nil {
		return nil, fmt.Errorf("create the big group: decode: %w", err)
	}
	for start := 0; start < size; start += fillBatch {
		body := membershipPatch(nil, ids[start:min(start+fillBatch, size)])
		if _, _, err := t.expect(http.MethodPatch, "/Groups/"+g.ID, body,
			http.StatusNoContent); err != nil {
			return nil, fmt.Errorf("fill the big group: %w", err)
		}
	}

	in, out := ids[:batch], ids[size:size+batch]
	lat := make([]time.Duration, 0, samples)
	for range samples {
		_, took, err := t.expect(http.MethodPatch, "/Groups/"+g.ID, membershipPatch(in, out),
			http.StatusNoContent)
		if err != nil {
			return nil, fmt.Errorf("membership patch: %w", err)
		}
		lat = append(lat, took)
		in, out = out, in
	}
	return millis(lat), t.checkSize(g.ID, size)
}

// checkSize fails unless the group has exactly size members.
func (t *target) checkSize(id string, size int) error {
	answer, _, err := t.expect(http.MethodGet, "/Groups/"+id, nil, http.StatusOK)
	if err != nil {
		return fmt.Errorf("read the big group: %w", err)
	}
	var g targetGroup
	if err := json.Unmarshal(answer, &g); err != nil {
		return fmt.Errorf("read the big group: decode: %w", err)
	}
	if len(g.Members) != size {
		return fmt.Errorf("the big group has %d members after the patches, want %d",
			len(g.Members), size)
	}
	return nil
}

// membershipPatch is Okta's membership PATCH: one remove per leaving
// member, one add holding every joining one (OKTA-WIRE.md, Group Push 2).
func membershipPatch(leave, join []string) scim.PatchRequest {
	ops := make([]scim.PatchOperation, 0, len(leave)+1)
	for _, id := range leave {
		ops = append(ops, scim.PatchOperation{
			Op:   scim.PatchOpRemove,
			Path: `members[value eq "` + id + `"]`,
		})
	}
	if len(join) > 0 {
		add := make([]scim.Member, len(join))
		for i, id := range join {
			add[i] = scim.Member{Value: id, Display: id}
		}
		raw, _ := json.Marshal(add)
		ops = append(ops, scim.PatchOperation{Op: scim.PatchOpAdd, Path: "members", Value: raw})
	}
	return scim.NewPatch(ops...)
}
