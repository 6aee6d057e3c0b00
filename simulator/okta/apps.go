package okta

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

func (s *Sim) getApp(ctx context.Context, id string) (App, error) {
	a, err := s.store.GetApp(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return App{}, errNotFoundResource(id, "App")
	}
	return a, err
}

// validateSettings checks an app's request-shaping settings and fills in
// Okta's defaults.
func validateSettings(st *AppSettings) error {
	var causes []string
	st.ClientProfile = strings.ToLower(st.ClientProfile)
	if st.ClientProfile == "" {
		st.ClientProfile = ProfileOIN
	}
	if st.ClientProfile != ProfileOIN && st.ClientProfile != ProfileAIW {
		causes = append(causes, "clientProfile: must be oin or aiw")
	}
	if st.MembershipBatchSize == 0 {
		st.MembershipBatchSize = MinBatchSize
	}
	if st.MembershipBatchSize < MinBatchSize || st.MembershipBatchSize > MaxBatchSize {
		causes = append(causes, fmt.Sprintf("membershipBatchSize: must be between %d and %d",
			MinBatchSize, MaxBatchSize))
	}
	if st.FilterEncoding == "" {
		st.FilterEncoding = EncodingPct20
	}
	if st.FilterEncoding != EncodingPct20 && st.FilterEncoding != EncodingPlus {
		causes = append(causes, "filterEncoding: must be pct20 or plus")
	}
	if st.PushNowShape == "" {
		st.PushNowShape = PushNowPath
	}
	if st.PushNowShape != PushNowPath && st.PushNowShape != PushNowNoPath {
		causes = append(causes, "pushNowShape: must be path or pathless")
	}
	if len(causes) > 0 {
		return errValidation(causes...)
	}
	return nil
}

// allFeatures is every To App switch on, as Okta sets them when a
// connection is activated.
var allFeatures = Features{
	CreateUsers: true, UpdateUserAttributes: true,
	DeactivateUsers: true, PushGroups: true,
}

// CreateApp adds a SCIM app. Unset fields take Okta's defaults: name
// scim2testapp, sign-on mode AUTO_LOGIN, profile oin, batch size 100, status
// ACTIVE, every To App switch on.
func (s *Sim) CreateApp(ctx context.Context, a App) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createApp(ctx, a)
}

func (s *Sim) createApp(ctx context.Context, a App) (App, error) {
	if strings.TrimSpace(a.Label) == "" {
		return App{}, errValidation("label: The field cannot be left blank")
	}
	if err := validateSettings(&a.Settings); err != nil {
		return App{}, err
	}
	if a.ID == "" {
		a.ID = newID(prefixApp)
	}
	if a.Name == "" {
		a.Name = "scim2testapp"
	}
	if a.SignOnMode == "" {
		a.SignOnMode = SignOnAutoLink
	}
	if a.Status == "" {
		a.Status = AppActive
	}
	if a.Status != AppActive && a.Status != AppInactive {
		return App{}, errValidation("status: must be ACTIVE or INACTIVE")
	}
	if err := s.validateOIDC(ctx, &a); err != nil {
		return App{}, err
	}
	now := s.now()
	a.Created, a.LastUpdated, a.Version = now, now, 1
	if err := s.store.CreateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("create app: %w", err)
	}
	return a, nil
}

// UpdateApp changes an app's label and settings; empty settings keep their
// current value.
func (s *Sim) UpdateApp(ctx context.Context, id, label string, st AppSettings) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, id)
	if err != nil {
		return App{}, err
	}
	cur := a.Settings
	st.ClientProfile = cmp.Or(st.ClientProfile, cur.ClientProfile)
	st.MembershipBatchSize = cmp.Or(st.MembershipBatchSize, cur.MembershipBatchSize)
	st.FilterEncoding = cmp.Or(st.FilterEncoding, cur.FilterEncoding)
	st.PushNowShape = cmp.Or(st.PushNowShape, cur.PushNowShape)
	if err := validateSettings(&st); err != nil {
		return App{}, err
	}
	if label != "" {
		a.Label = label
	}
	a.Settings, a.LastUpdated = st, s.now()
	a.Version++
	if err := s.store.UpdateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("update app %s: %w", id, err)
	}
	return a, nil
}

// errConnectionTest refuses a connection whose test failed, with the
// target's own error, as Okta's "Test API Credentials" does.
func errConnectionTest(err error) *APIError {
	cause := err.Error()
	var re *scimclient.RemoteError
	if errors.As(err, &re) {
		cause = fmt.Sprintf("%d %s: %s", re.Status, http.StatusText(re.Status), re.RemoteDetail())
	}
	return &APIError{
		Status: http.StatusBadRequest, Code: CodeValidation,
		Summary: "Api validation failed: Error authenticating: " + cause,
		Causes:  []string{"Error authenticating: " + cause},
	}
}

// SetConnection saves an app's provisioning connection after running Okta's
// connection test against it; a failing test refuses the save. With activate
// the connection is enabled and every assigned user is provisioned.
func (s *Sim) SetConnection(ctx context.Context, appID string, conn Connection,
	activate bool,
) (App, error) {
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return App{}, err
	}
	conn.AuthScheme = strings.ToUpper(conn.AuthScheme)
	if conn.AuthScheme == "" {
		conn.AuthScheme = AuthToken
	}
	trial := a.clone()
	trial.Connection = &conn
	client, err := scimclient.New(s.clientConfig(trial))
	if err != nil {
		return App{}, errValidation(err.Error())
	}
	if err := client.TestConnection(ctx, scimclient.Tag{AppID: appID}); err != nil {
		return App{}, errConnectionTest(err)
	}
	return s.saveConnection(ctx, appID, conn, activate)
}

func (s *Sim) saveConnection(ctx context.Context, appID string, conn Connection,
	activate bool,
) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return App{}, err
	}
	wasOn := a.provisioning()
	conn.Status = ConnDisabled
	if activate || (a.Connection != nil && a.Connection.Status == ConnEnabled) {
		conn.Status = ConnEnabled
	}
	if a.Connection == nil {
		a.Features = allFeatures
	}
	a.Connection, a.LastUpdated = &conn, s.now()
	a.Version++
	if err := s.store.UpdateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("save connection of app %s: %w", appID, err)
	}
	if !wasOn && a.provisioning() {
		return a, s.resyncApp(ctx, appID)
	}
	return a, nil
}

// SetConnectionStatus enables or disables a saved connection.
func (s *Sim) SetConnectionStatus(ctx context.Context, appID string, enabled bool) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return App{}, err
	}
	if a.Connection == nil {
		return App{}, errNotFoundResource(appID, "provisioning connection")
	}
	wasOn := a.provisioning()
	a.Connection.Status = ConnDisabled
	if enabled {
		a.Connection.Status = ConnEnabled
	}
	a.LastUpdated = s.now()
	if err := s.store.UpdateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("set connection status of app %s: %w", appID, err)
	}
	return a, s.provisioningSwitched(ctx, a, wasOn)
}

// provisioningSwitched drops an app's queue when provisioning stops and
// resyncs the app when it starts.
func (s *Sim) provisioningSwitched(ctx context.Context, a App, wasOn bool) error {
	switch {
	case wasOn && !a.provisioning():
		s.engine.drop(a.ID)
	case !wasOn && a.provisioning():
		return s.resyncApp(ctx, a.ID)
	}
	return nil
}

// SetFeatures sets the To App switches of an app.
func (s *Sim) SetFeatures(ctx context.Context, appID string, f Features) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return App{}, err
	}
	a.Features, a.LastUpdated = f, s.now()
	if err := s.store.UpdateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("set features of app %s: %w", appID, err)
	}
	return a, nil
}

// SetAppStatus activates or deactivates an app. An inactive app sends
// nothing; activating it provisions what is assigned.
func (s *Sim) SetAppStatus(ctx context.Context, appID string, active bool) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return App{}, err
	}
	wasOn := a.provisioning()
	a.Status = AppInactive
	if active {
		a.Status = AppActive
	}
	a.LastUpdated = s.now()
	if err := s.store.UpdateApp(ctx, a); err != nil {
		return App{}, fmt.Errorf("set status of app %s: %w", appID, err)
	}
	return a, s.provisioningSwitched(ctx, a, wasOn)
}

// DeleteApp deletes an inactive app, as Okta allows.
func (s *Sim) DeleteApp(ctx context.Context, appID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return err
	}
	if a.Status != AppInactive {
		return &APIError{
			Status: http.StatusForbidden, Code: CodeAppNotInactive,
			Summary: "Delete application forbidden.",
			Causes:  []string{"The application must be deactivated before it is deleted."},
		}
	}
	s.engine.drop(appID)
	if err := s.store.DeleteApp(ctx, appID); err != nil {
		return fmt.Errorf("delete app %s: %w", appID, err)
	}
	s.faults.Clear(appID)
	return nil
}

// validateOIDC checks an OIDC app's client: redirect URIs are required and
// client ids unique; the id defaults to the app id, as in Okta.
func (s *Sim) validateOIDC(ctx context.Context, a *App) error {
	if a.SignOnMode != SignOnOIDC {
		a.OIDC = nil
		return nil
	}
	if a.OIDC == nil {
		a.OIDC = &OIDCClient{}
	}
	if a.OIDC.ClientID == "" {
		a.OIDC.ClientID = a.ID
	}
	if len(a.OIDC.RedirectURIs) == 0 {
		return errValidation("redirect_uris: The field cannot be left blank")
	}
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, other := range apps {
		if other.OIDC != nil && other.OIDC.ClientID == a.OIDC.ClientID {
			return errValidation("client_id: An object with this field already exists")
		}
	}
	return nil
}
