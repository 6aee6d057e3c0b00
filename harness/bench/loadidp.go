package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/idpsim/idpsim/fixtures"
)

// idpLoader builds a fixture document in a running idpsim through its
// admin API, as an admin (or a Terraform run) would, and rewrites the
// document's ids to the ones idpsim gave.
type idpLoader struct {
	api     *apiClient
	clients int
}

func newIDPLoader(baseURL, adminToken string, clients int) *idpLoader {
	h := http.Header{"Authorization": {"SSWS " + adminToken}, "Accept": {"application/json"}}
	return &idpLoader{api: newAPIClient(baseURL, h, clients), clients: clients}
}

type idObject struct {
	ID string `json:"id"`
}

// loadDirectory creates the users, the groups and the memberships.
func (l *idpLoader) loadDirectory(ctx context.Context, doc *fixtures.Document) error {
	ids := map[string]string{} // fixture id -> idpsim id
	userIDs := make([]string, len(doc.Users))
	err := parallel(ctx, len(doc.Users), l.clients, func(ctx context.Context, i int) error {
		p := doc.Users[i].Profile
		body := map[string]any{"profile": map[string]string{
			"login": p.Login, "email": p.Email, "firstName": p.FirstName,
			"lastName": p.LastName, "displayName": p.DisplayName, "title": p.Title,
			"mobilePhone": p.MobilePhone, "locale": p.Locale,
		}}
		var u idObject
		if err := l.api.call(ctx, http.MethodPost, "/api/v1/users?activate=true", body, &u); err != nil {
			return fmt.Errorf("create user %s: %w", p.Login, err)
		}
		userIDs[i] = u.ID
		return nil
	})
	if err != nil {
		return err
	}
	for i := range doc.Users {
		ids[doc.Users[i].ID] = userIDs[i]
		doc.Users[i].ID = userIDs[i]
	}

	err = parallel(ctx, len(doc.Groups), l.clients, func(ctx context.Context, i int) error {
		g := &doc.Groups[i]
		body := map[string]any{"profile": map[string]string{
			"name":        g.Name,
			"description": g.Description,
		}}
		var out idObject
		if err := l.api.call(ctx, http.MethodPost, "/api/v1/groups", body, &out); err != nil {
			return fmt.Errorf("create group %s: %w", g.Name, err)
		}
		g.ID = out.ID
		for j, uid := range g.Members {
			g.Members[j] = ids[uid]
		}
		return nil
	})
	if err != nil {
		return err
	}
	return l.loadMemberships(ctx, doc)
}

func (l *idpLoader) loadMemberships(ctx context.Context, doc *fixtures.Document) error {
	type pair struct{ group, user string }
	var pairs []pair
	for _, g := range doc.Groups {
		for _, uid := range g.Members {
			pairs = append(pairs, pair{g.ID, uid})
		}
	}
	return parallel(ctx, len(pairs), l.clients, func(ctx context.Context, i int) error {
		path := "/api/v1/groups/" + pairs[i].group + "/users/" + pairs[i].user
		if err := l.api.call(ctx, http.MethodPut, path, nil, nil); err != nil {
			return fmt.Errorf("add member: %w", err)
		}
		return nil
	})
}

// loadApp creates the document's one SCIM app with its connection, then
// assigns every user and pushes every group with the push engine paused.
func (l *idpLoader) loadApp(ctx context.Context, doc *fixtures.Document) (string, error) {
	a := doc.Apps[0]
	var app idObject
	body := map[string]any{
		"name": "scim2testapp", "label": a.Label, "signOnMode": "AUTO_LOGIN",
		"settings": map[string]any{"app": map[string]any{"clientProfile": a.ClientProfile}},
	}
	if err := l.api.call(ctx, http.MethodPost, "/api/v1/apps", body, &app); err != nil {
		return "", fmt.Errorf("create app: %w", err)
	}
	conn := map[string]any{
		"baseUrl": a.Connection.BaseURL,
		"profile": map[string]string{"authScheme": "TOKEN", "token": a.Connection.Token},
	}
	path := "/api/v1/apps/" + app.ID + "/connections/default?activate=true"
	if err := l.api.call(ctx, http.MethodPost, path, conn, nil); err != nil {
		return "", fmt.Errorf("save provisioning connection: %w", err)
	}

	if err := l.api.call(ctx, http.MethodPost, "/_sim/pause", nil, nil); err != nil {
		return "", fmt.Errorf("pause pushes: %w", err)
	}
	err := parallel(ctx, len(doc.Users), l.clients, func(ctx context.Context, i int) error {
		body := map[string]any{"id": doc.Users[i].ID, "scope": "USER"}
		return l.api.call(ctx, http.MethodPost, "/api/v1/apps/"+app.ID+"/users", body, nil)
	})
	if err != nil {
		return "", fmt.Errorf("assign users: %w", err)
	}
	err = parallel(ctx, len(doc.Groups), l.clients, func(ctx context.Context, i int) error {
		body := map[string]string{
			"sourceGroupId":   doc.Groups[i].ID,
			"targetGroupName": doc.Groups[i].Name,
		}
		return l.api.call(ctx, http.MethodPost, "/api/v1/apps/"+app.ID+"/group-push/mappings",
			body, nil)
	})
	if err != nil {
		return "", fmt.Errorf("push groups: %w", err)
	}
	return app.ID, nil
}

// push resumes the engine and waits until the app is idle.
func (l *idpLoader) push(ctx context.Context, appID string) error {
	if err := l.api.call(ctx, http.MethodPost, "/_sim/resume", nil, nil); err != nil {
		return fmt.Errorf("resume pushes: %w", err)
	}
	q := url.Values{"timeout": {"30m"}, "app": {appID}}
	if err := l.api.call(ctx, http.MethodPost, "/_sim/wait?"+q.Encode(), nil, nil); err != nil {
		return fmt.Errorf("wait for the sync: %w", err)
	}
	return nil
}
