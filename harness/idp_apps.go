package harness

import (
	"context"
	"fmt"
	"net/http"
)

// createApp creates a SCIM app ("SCIM 2.0 Test App") with a client profile.
func (c *idpClient) createApp(ctx context.Context, label, profile string) (string, error) {
	body := map[string]any{
		"name": "scim2testapp", "label": label, "signOnMode": "AUTO_LOGIN",
		"settings": map[string]any{"app": map[string]any{
			"clientProfile": profile, "membershipBatchSize": 100,
		}},
	}
	var app struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "/api/v1/apps", body, &app); err != nil {
		return "", fmt.Errorf("create okta app %s: %w", label, err)
	}
	return app.ID, nil
}

// connect saves the provisioning connection; idpsim runs Okta's connection
// test and refuses the save when the target fails it.
func (c *idpClient) connect(ctx context.Context, appID, baseURL, token string) error {
	body := map[string]any{
		"baseUrl": baseURL,
		"profile": map[string]string{"authScheme": "TOKEN", "token": token},
	}
	path := "/api/v1/apps/" + appID + "/connections/default?activate=true"
	if err := c.call(ctx, http.MethodPost, path, body, nil); err != nil {
		return fmt.Errorf("save provisioning of %s: %w", appID, err)
	}
	return nil
}

// appLifecycle deactivates or activates an app.
func (c *idpClient) appLifecycle(ctx context.Context, appID, op string) error {
	if err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+appID+"/lifecycle/"+op, nil, nil); err != nil {
		return fmt.Errorf("%s okta app %s: %w", op, appID, err)
	}
	return nil
}

func (c *idpClient) deleteApp(ctx context.Context, appID string) error {
	if err := c.call(ctx, http.MethodDelete, "/api/v1/apps/"+appID, nil, nil); err != nil {
		return fmt.Errorf("delete okta app %s: %w", appID, err)
	}
	return nil
}

func (c *idpClient) assignGroup(ctx context.Context, appID, groupID string) error {
	path := "/api/v1/apps/" + appID + "/groups/" + groupID
	if err := c.call(ctx, http.MethodPut, path, map[string]any{}, nil); err != nil {
		return fmt.Errorf("assign group %s to %s: %w", groupID, appID, err)
	}
	return nil
}

func (c *idpClient) assignUser(ctx context.Context, appID, userID string) error {
	body := map[string]any{"id": userID, "scope": "USER", "profile": map[string]string{}}
	if err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+appID+"/users", body, nil); err != nil {
		return fmt.Errorf("assign user %s to %s: %w", userID, appID, err)
	}
	return nil
}

// updateAppUser edits the app-user profile (the app's Assignments tab).
func (c *idpClient) updateAppUser(ctx context.Context, appID, userID string, profile map[string]string) error {
	body := map[string]any{"profile": profile}
	if err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+appID+"/users/"+userID, body, nil); err != nil {
		return fmt.Errorf("edit app user %s of %s: %w", userID, appID, err)
	}
	return nil
}

func (c *idpClient) appUser(ctx context.Context, appID, userID string) (appUser, error) {
	var au appUser
	if err := c.call(ctx, http.MethodGet, "/api/v1/apps/"+appID+"/users/"+userID, nil, &au); err != nil {
		return au, fmt.Errorf("read app user %s of %s: %w", userID, appID, err)
	}
	return au, nil
}

func mappingsPath(appID string) string { return "/api/v1/apps/" + appID + "/group-push/mappings" }

// pushGroup is Push Groups → Create Group (or link, when the name exists).
func (c *idpClient) pushGroup(ctx context.Context, appID, groupID, targetName string) (pushMapping, error) {
	body := map[string]string{"sourceGroupId": groupID, "targetGroupName": targetName}
	var m pushMapping
	if err := c.call(ctx, http.MethodPost, mappingsPath(appID), body, &m); err != nil {
		return m, fmt.Errorf("push group %s: %w", groupID, err)
	}
	return m, nil
}

// linkGroup is Push Groups → Link Group to an existing target group id.
func (c *idpClient) linkGroup(ctx context.Context, appID, groupID, targetID string) (pushMapping, error) {
	body := map[string]string{"sourceGroupId": groupID, "targetGroupId": targetID}
	var m pushMapping
	if err := c.call(ctx, http.MethodPost, mappingsPath(appID), body, &m); err != nil {
		return m, fmt.Errorf("link group %s to %s: %w", groupID, targetID, err)
	}
	return m, nil
}

func (c *idpClient) mapping(ctx context.Context, appID, id string) (pushMapping, error) {
	var m pushMapping
	if err := c.call(ctx, http.MethodGet, mappingsPath(appID)+"/"+id, nil, &m); err != nil {
		return m, fmt.Errorf("read push mapping %s: %w", id, err)
	}
	return m, nil
}

func (c *idpClient) setMappingStatus(ctx context.Context, appID, id, status string) error {
	body := map[string]string{"status": status}
	if err := c.call(ctx, http.MethodPatch, mappingsPath(appID)+"/"+id, body, nil); err != nil {
		return fmt.Errorf("set push mapping %s %s: %w", id, status, err)
	}
	return nil
}

// unlink is the console's "Unlink pushed group": deactivate, then delete the
// mapping, deleting the target group or leaving it.
func (c *idpClient) unlink(ctx context.Context, appID, id string, deleteTarget bool) error {
	if err := c.setMappingStatus(ctx, appID, id, "INACTIVE"); err != nil {
		return err
	}
	path := fmt.Sprintf("%s/%s?deleteTargetGroup=%t", mappingsPath(appID), id, deleteTarget)
	if err := c.call(ctx, http.MethodDelete, path, nil, nil); err != nil {
		return fmt.Errorf("unlink push mapping %s: %w", id, err)
	}
	return nil
}

// pushNow is Push Groups → Push Now: the target group's members replaced.
func (c *idpClient) pushNow(ctx context.Context, appID, id string) error {
	if err := c.call(ctx, http.MethodPost, mappingsPath(appID)+"/"+id+"/push", nil, nil); err != nil {
		return fmt.Errorf("push now %s: %w", id, err)
	}
	return nil
}
