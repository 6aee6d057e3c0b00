package okta

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// apiWorld is what the admin API cases act on.
type apiWorld struct {
	user, staged, group, app, mapping string
}

func setupAPIWorld(e *env) apiWorld {
	e.t.Helper()
	w := apiWorld{
		user:  e.createUser("ann@example.com", "Ann", "Lee"),
		group: e.createGroup("Team"), app: e.createApp(ProfileOIN),
	}
	var staged idJSON
	e.must(http.StatusOK, "POST", "/api/v1/users?activate=false", map[string]any{
		"profile": map[string]any{
			"login": "stu@example.com", "email": "stu@example.com",
			"firstName": "Stu", "lastName": "Dent",
		},
	}, &staged)
	w.staged = staged.ID
	w.mapping = e.pushGroup(w.app, w.group, "Team")
	return w
}

func TestAdminAPIErrors(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		path     func(w apiWorld) string
		body     string
		auth     string
		status   int
		code     string
		contains string
	}{
		{
			name: "no token", method: "GET", path: fixed("/api/v1/users"), auth: "-",
			status: 401, code: CodeInvalidToken,
		},
		{
			name: "bearer is not SSWS", method: "GET", path: fixed("/api/v1/users"),
			auth: "Bearer " + testToken, status: 401, code: CodeInvalidToken,
		},
		{
			name: "wrong token on /_sim", method: "POST", path: fixed("/_sim/reset"),
			auth: "SSWS nope", status: 401, code: CodeInvalidToken,
		},
		{
			name: "unknown user", method: "GET", path: fixed("/api/v1/users/00unope"),
			status: 404, code: CodeNotFound, contains: "00unope",
		},
		{
			name: "missing required profile", method: "POST", path: fixed("/api/v1/users"),
			body:   `{"profile":{"login":"x@example.com","email":"x@example.com","firstName":"X"}}`,
			status: 400, code: CodeValidation, contains: "lastName",
		},
		{
			name: "duplicate login", method: "POST", path: fixed("/api/v1/users"),
			body:   `{"profile":{"login":"ANN@example.com","email":"a@e","firstName":"A","lastName":"B"}}`,
			status: 400, code: CodeValidation, contains: "login",
		},
		{
			name: "malformed body", method: "POST", path: fixed("/api/v1/groups"),
			body: `{"profile":`, status: 400, code: CodeBadRequestBody,
		},
		{
			name: "activate an active user", method: "POST",
			path:   func(w apiWorld) string { return "/api/v1/users/" + w.user + "/lifecycle/activate" },
			status: 403, code: CodeAlreadyActive,
		},
		{
			name: "suspend a staged user", method: "POST",
			path:   func(w apiWorld) string { return "/api/v1/users/" + w.staged + "/lifecycle/suspend" },
			status: 400, code: CodeValidation,
		},
		{
			name: "unknown lifecycle operation", method: "POST",
			path:   func(w apiWorld) string { return "/api/v1/users/" + w.user + "/lifecycle/explode" },
			status: 404, code: CodeNotFound,
		},
		{
			name: "duplicate group name", method: "POST", path: fixed("/api/v1/groups"),
			body: `{"profile":{"name":"team"}}`, status: 400, code: CodeValidation,
		},
		{
			name: "app client profile", method: "POST", path: fixed("/api/v1/apps"),
			body:   `{"label":"X","settings":{"app":{"clientProfile":"entra"}}}`,
			status: 400, code: CodeValidation, contains: "clientProfile",
		},
		{
			name: "app batch size", method: "POST", path: fixed("/api/v1/apps"),
			body:   `{"label":"X","settings":{"app":{"membershipBatchSize":50}}}`,
			status: 400, code: CodeValidation, contains: "membershipBatchSize",
		},
		{
			name: "delete an active app", method: "DELETE",
			path:   func(w apiWorld) string { return "/api/v1/apps/" + w.app },
			status: 403, code: CodeAppNotInactive,
		},
		{
			name: "delete an active push mapping", method: "DELETE",
			path: func(w apiWorld) string {
				return "/api/v1/apps/" + w.app + "/group-push/mappings/" + w.mapping
			}, status: 400, code: CodeValidation, contains: "INACTIVE",
		},
		{
			name: "push the same group twice", method: "POST",
			path:   func(w apiWorld) string { return "/api/v1/apps/" + w.app + "/group-push/mappings" },
			body:   `{"sourceGroupId":"GROUP","targetGroupName":"Again"}`,
			status: 400, code: CodeValidation, contains: "already pushed",
		},
		{
			name: "connection test fails", method: "POST",
			path: func(w apiWorld) string {
				return "/api/v1/apps/" + w.app + "/connections/default?activate=true"
			}, body: `{"baseUrl":"TARGET","profile":{"authScheme":"TOKEN","token":"wrong"}}`,
			status: 400, code: CodeValidation, contains: "bad token",
		},
		{
			name: "unknown route", method: "GET", path: fixed("/api/v1/nothing"),
			status: 404, code: CodeNotFound,
		},
		{
			name: "wrong method", method: "PATCH", path: fixed("/api/v1/groups"),
			status: 405, code: CodeBadMethod,
		},
		{
			name: "bad wait timeout", method: "POST", path: fixed("/_sim/wait?timeout=soon"),
			status: 400, code: CodeValidation,
		},
		{
			name: "bad fault rule", method: "PUT",
			path:   func(w apiWorld) string { return "/_sim/faults/" + w.app },
			body:   `{"rules":[{"action":"explode"}]}`,
			status: 400, code: CodeValidation,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			w := setupAPIWorld(e)
			body := strings.NewReplacer("GROUP", w.group, "TARGET", e.tg.baseURL()).
				Replace(tt.body)
			req, _ := http.NewRequest(tt.method, e.srv.URL+tt.path(w), bytes.NewBufferString(body))
			switch tt.auth {
			case "":
				req.Header.Set("Authorization", "SSWS "+testToken)
			case "-":
			default:
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var got apiErrorBody
			_ = json.Unmarshal(raw, &got)
			if resp.StatusCode != tt.status || got.ErrorCode != tt.code {
				t.Fatalf("got %d %s, want %d %s: %s", resp.StatusCode, got.ErrorCode, tt.status,
					tt.code, raw)
			}
			if got.ErrorLink != tt.code || got.ErrorID == "" || got.ErrorCauses == nil {
				t.Errorf("error body not in Okta's shape: %s", raw)
			}
			if !strings.Contains(string(raw), tt.contains) {
				t.Errorf("body %s does not mention %q", raw, tt.contains)
			}
		})
	}
}

func fixed(p string) func(apiWorld) string { return func(apiWorld) string { return p } }

func TestListUsersPaging(t *testing.T) {
	e := newEnv(t)
	var ids []string
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		ids = append(ids, e.createUser(n+"@example.com", strings.ToUpper(n), "Test"))
	}
	var seen []string
	next := "/api/v1/users?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		req, _ := http.NewRequest("GET", e.srv.URL+next, nil)
		req.Header.Set("Authorization", "SSWS "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page []idJSON
		_ = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		for _, u := range page {
			seen = append(seen, u.ID)
		}
		next = ""
		for _, l := range resp.Header.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				next = strings.TrimPrefix(l[strings.Index(l, "<")+1:strings.Index(l, ">")],
					e.sim.cfg.PublicURL)
			}
		}
	}
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		t.Errorf("paged ids %v, want %v", seen, ids)
	}

	var filtered []idJSON
	e.must(http.StatusOK, "GET", `/api/v1/users?filter=profile.login+eq+%22c%40example.com%22`,
		nil, &filtered)
	if len(filtered) != 1 || filtered[0].ID != ids[2] {
		t.Errorf("filter found %v", filtered)
	}
}
