package bench

import (
	"context"
	"fmt"
	"net/http"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
)

// loadTarget puts a fixture document's users and groups into a SCIM target
// directly, the shape Okta would have left them in: users by POST, groups
// by POST with their members.
func loadTarget(ctx context.Context, baseURL, token string, clients int,
	doc *fixtures.Document,
) error {
	h := http.Header{"Authorization": {"Bearer " + token}, "Accept": {scim.ContentType}}
	api := newAPIClient(baseURL, h, clients)
	ids := make([]string, len(doc.Users))
	err := parallel(ctx, len(doc.Users), clients, func(ctx context.Context, i int) error {
		u := doc.Users[i]
		p := u.Profile
		body := map[string]any{
			"schemas": []string{scim.SchemaUser}, "userName": p.Login,
			"name":        map[string]string{"givenName": p.FirstName, "familyName": p.LastName},
			"emails":      []map[string]any{{"primary": true, "value": p.Email, "type": "work"}},
			"displayName": p.DisplayName, "externalId": u.ID, "active": true,
		}
		var out idObject
		if err := api.call(ctx, http.MethodPost, "/Users", body, &out); err != nil {
			return fmt.Errorf("create target user %s: %w", p.Login, err)
		}
		ids[i] = out.ID
		return nil
	})
	if err != nil {
		return err
	}
	targetIDs := make(map[string]string, len(doc.Users))
	for i, u := range doc.Users {
		targetIDs[u.ID] = ids[i]
	}
	return parallel(ctx, len(doc.Groups), clients, func(ctx context.Context, i int) error {
		g := doc.Groups[i]
		members := make([]scim.Member, len(g.Members))
		for j, uid := range g.Members {
			members[j] = scim.Member{Value: targetIDs[uid]}
		}
		body := map[string]any{
			"schemas": []string{scim.SchemaGroup}, "displayName": g.Name,
			"members": members,
		}
		if err := api.call(ctx, http.MethodPost, "/Groups", body, nil); err != nil {
			return fmt.Errorf("create target group %s: %w", g.Name, err)
		}
		return nil
	})
}
