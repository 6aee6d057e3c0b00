package castai

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestBadInputNeverFails5xx sends malformed and oddly typed requests; every
// answer must be a 4xx SCIM error, never a 5xx.
func TestBadInputNeverFails5xx(t *testing.T) {
	bodies := []string{
		`null`, `[]`, `"x"`, patchHead + `"Operations":null}`, patchHead + `"Operations":{}}`,
		patchHead + `"Operations":[null]}`, patchHead + `"Operations":[{"op":null}]}`,
		patchHead + `"Operations":[{"op":"add","path":"members","value":"x"}]}`,
		patchHead + `"Operations":[{"op":"add","path":"members","value":[1,2]}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"name","value":5}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"emails","value":7}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"active","value":null}]}`,
		patchHead + `"Operations":[{"op":"replace","value":[1]}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"emails[type eq \"work\"]","value":"x"}]}`,
		patchHead + `"Operations":[{"op":"add","path":"members[value eq \"x\"]","value":[]}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"members.value","value":"x"}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"name[givenName eq \"x\"]","value":"x"}]}`,
		patchHead + `"Operations":[{"op":"replace","path":"   ","value":{"displayName":"x"}}]}`,
		userHead + `"userName":["a"]}`, groupHead + `"displayName":{}}`, userHead + `"emails":"x","userName":"u@x"}`,
		groupHead + `"members":{"value":5},"displayName":"g"}`, userHead + `"name":"x","userName":"n@x"}`,
		userHead + `"userName":"ok@x","active":"perhaps"}`, "\x00\x01", userHead + `"userName":"a@x",}`,
	}
	f := newGroupFixture(t)
	for i, body := range bodies {
		for _, target := range []struct{ method, path string }{
			{"PATCH", "/Users/" + f.alice},
			{"PATCH", "/Groups/" + f.group},
			{"PUT", "/Users/" + f.alice},
			{"PUT", "/Groups/" + f.group},
			{"POST", "/Users"},
			{"POST", "/Groups"},
		} {
			r := f.e.scim(target.method, target.path, body)
			if r.code >= 500 {
				t.Errorf("body %d %s %s: status %d: %s", i, target.method, target.path, r.code, r.body)
			}
		}
	}
	for _, q := range []string{
		"filter=%22", "filter=userName%20eq%20%22a%22%20or", "count=-5",
		"startIndex=-1", "attributes=,,,", "excludedAttributes=nope.nope", "filter=meta.created%20gt%201",
	} {
		for _, p := range []string{"/Users?", "/Groups?"} {
			if r := f.e.scim("GET", p+q, ""); r.code >= 500 {
				t.Errorf("GET %s%s: status %d: %s", p, q, r.code, r.body)
			}
		}
	}
}

// TestPanicIsRendered checks the recovery edge: a panic in a handler answers
// 500 in the shape of the API that was asked.
func TestPanicIsRendered(t *testing.T) {
	e := newEnv(t)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.CustomRecoveryWithWriter(io.Discard, e.srv.recovered))
	r.GET("/*any", func(*gin.Context) { panic("boom") })
	for _, tc := range []struct {
		path string
		want string
	}{
		{"/scim/v2/Users", `"status":"500"`},
		{"/v1/me", `"message":"internal error"`},
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if rec.Code != http.StatusInternalServerError || !contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d %s", tc.path, rec.Code, rec.Body)
		}
	}
}

// TestConcurrentMembershipChanges runs Okta-shaped PATCHes, reads and
// console calls at once (meaningful under -race) and checks the end state.
func TestConcurrentMembershipChanges(t *testing.T) {
	e := newEnv(t)
	group := e.createGroup("Everyone")
	const n = 40
	ids := make([]string, n)
	for i := range n {
		ids[i] = e.createUser(fmt.Sprintf("c%02d@example.com", i))
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			add := patchHead + `"Operations":[{"op":"add","path":"members","value":[{"value":"` + ids[i] + `"}]}]}`
			if r := e.scim("PATCH", "/Groups/"+group, add); r.code != http.StatusNoContent {
				t.Errorf("add %d: %d %s", i, r.code, r.body)
			}
			if i%2 == 0 {
				rm := patchHead + `"Operations":[{"op":"remove","path":"members[value eq \"` + ids[i] + `\"]"}]}`
				if r := e.scim("PATCH", "/Groups/"+group, rm); r.code != http.StatusNoContent {
					t.Errorf("remove %d: %d", i, r.code)
				}
			}
			e.scim("GET", "/Groups/"+group, "")
			e.console("GET", orgPath+"/users/"+ids[i]+"/access", "")
		})
	}
	wg.Wait()
	var want []string
	for i := 1; i < n; i += 2 {
		want = append(want, ids[i])
	}
	if got := e.memberIDs(group); !sameSet(got, want) {
		t.Errorf("members = %d, want the %d odd ones", len(got), len(want))
	}
}
