package harness

import (
	"context"
	"fmt"
	"net/http"
)

// createOIDCApp creates an Okta OIDC web app (signOnMode OPENID_CONNECT)
// with a fixed client id and secret, signing in through one redirect URI.
func (c *idpClient) createOIDCApp(ctx context.Context, label, clientID, secret, redirectURI string,
) (string, error) {
	body := map[string]any{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{
			"client_id": clientID, "client_secret": secret,
			"token_endpoint_auth_method": "client_secret_basic",
		}},
		"settings": map[string]any{"oauthClient": map[string]any{
			"redirect_uris": []string{redirectURI},
			"grant_types":   []string{"authorization_code"},
		}},
	}
	var app struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "/api/v1/apps", body, &app); err != nil {
		return "", fmt.Errorf("create okta oidc app %s: %w", label, err)
	}
	return app.ID, nil
}

// setPassword sets a user's password (Okta's POST /api/v1/users/{id} with
// credentials).
func (c *idpClient) setPassword(ctx context.Context, userID, password string) error {
	body := map[string]any{"credentials": map[string]any{"password": map[string]string{
		"value": password,
	}}}
	if err := c.call(ctx, http.MethodPost, "/api/v1/users/"+userID, body, nil); err != nil {
		return fmt.Errorf("set the password of okta user %s: %w", userID, err)
	}
	return nil
}

// unassignUser removes a user's direct assignment to an app.
func (c *idpClient) unassignUser(ctx context.Context, appID, userID string) error {
	path := "/api/v1/apps/" + appID + "/users/" + userID
	if err := c.call(ctx, http.MethodDelete, path, nil, nil); err != nil {
		return fmt.Errorf("unassign user %s from %s: %w", userID, appID, err)
	}
	return nil
}
