package okta

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// featureUserProvisioning is the one app feature the fake Okta has.
const featureUserProvisioning = "USER_PROVISIONING"

// capabilityJSON is one switch of a feature: {"status":"ENABLED"|"DISABLED"}.
type capabilityJSON struct {
	Status string `json:"status"`
}

func capability(on bool) *capabilityJSON {
	if on {
		return &capabilityJSON{Status: ConnEnabled}
	}
	return &capabilityJSON{Status: ConnDisabled}
}

func (c *capabilityJSON) apply(dst *bool) {
	if c != nil && c.Status != "" {
		*dst = c.Status == ConnEnabled
	}
}

// featureJSON is Okta's ApplicationFeature for USER_PROVISIONING. The
// pushGroups capability is idpsim's: Okta's API has no Push Groups switch.
type featureJSON struct {
	Name         string `json:"name"`
	Status       string `json:"status"`
	Description  string `json:"description"`
	Capabilities struct {
		Create struct {
			LifecycleCreate *capabilityJSON `json:"lifecycleCreate"`
		} `json:"create"`
		Update struct {
			Profile             *capabilityJSON `json:"profile"`
			LifecycleDeactivate *capabilityJSON `json:"lifecycleDeactivate"`
			Password            map[string]any  `json:"password,omitempty"`
		} `json:"update"`
		PushGroups *capabilityJSON `json:"pushGroups"`
	} `json:"capabilities"`
}

func renderFeature(a App) featureJSON {
	var f featureJSON
	f.Name = featureUserProvisioning
	f.Description = "User provisioning settings from Okta to a downstream application"
	f.Status = ConnDisabled
	if a.provisioning() {
		f.Status = ConnEnabled
	}
	f.Capabilities.Create.LifecycleCreate = capability(a.Features.CreateUsers)
	f.Capabilities.Update.Profile = capability(a.Features.UpdateUserAttributes)
	f.Capabilities.Update.LifecycleDeactivate = capability(a.Features.DeactivateUsers)
	f.Capabilities.Update.Password = map[string]any{
		"status": ConnDisabled, "seed": "RANDOM",
		"change": "KEEP_EXISTING",
	}
	f.Capabilities.PushGroups = capability(a.Features.PushGroups)
	return f
}

func (s *Sim) listFeatures(c *gin.Context) {
	a, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, []featureJSON{renderFeature(a)})
}

func (s *Sim) getFeature(c *gin.Context) {
	if c.Param("name") != featureUserProvisioning {
		s.fail(c, errNotFoundResource(c.Param("name"), "ApplicationFeature"))
		return
	}
	a, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, renderFeature(a))
}

// setFeature updates the switches present in the body; absent ones keep
// their value.
func (s *Sim) setFeature(c *gin.Context) {
	if c.Param("name") != featureUserProvisioning {
		s.fail(c, errNotFoundResource(c.Param("name"), "ApplicationFeature"))
		return
	}
	var body featureJSON
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	f := a.Features
	body.Capabilities.Create.LifecycleCreate.apply(&f.CreateUsers)
	body.Capabilities.Update.Profile.apply(&f.UpdateUserAttributes)
	body.Capabilities.Update.LifecycleDeactivate.apply(&f.DeactivateUsers)
	body.Capabilities.PushGroups.apply(&f.PushGroups)
	if a, err = s.SetFeatures(c, a.ID, f); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, renderFeature(a))
}
