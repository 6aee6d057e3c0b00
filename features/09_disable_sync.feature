@console @serial
Feature: Turning group sync off
  Guide: "Disabling sync converts synced users and groups into regular ones; to
  stop syncing completely, also remove the application from your IdP." Cast AI
  revokes the SCIM token, so Okta shows push errors until the app is
  deactivated there.

  Background:
    Given a Cast AI SSO connection for Okta with group sync turned on
    And the Okta app "Cast AI" provisions users and groups through that SSO connection
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
    And the Okta group "Platform" with the members "Alice"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI
    And in Cast AI the group "Platform" is bound to the "Member" role on the organization

  Scenario: Synced users and groups become regular ones and keep their access
    When a Cast AI admin turns group sync off
    Then the Cast AI group "Platform" is a regular group
    And the Cast AI console shows "Alice" as active
    And "Alice" has the "Member" role on the organization through the group "Platform"

  Scenario: Later Okta changes do not arrive, and Okta shows push errors until the app is deactivated
    When a Cast AI admin turns group sync off
    And an Okta admin adds "Bob" to the group "Platform"
    And an Okta admin renames the group "Platform" to "Platform Engineering"
    Then Okta shows a failed provisioning task for "Bob"
    And Okta shows the push of the group "Platform Engineering" in error
    And Cast AI does not show "Bob" in the console
    And the Cast AI group "Platform" is a regular group
    When an Okta admin deactivates the app
    And an Okta admin removes "Alice" from the group "Platform Engineering"
    Then Okta sends nothing more to Cast AI
    And the Cast AI console shows "Alice" in the group "Platform"
