Feature: Removing a user from a synced group removes the access it gave
  Guide: "Users removed from synced groups lose the access granted through those
  groups." Access in Cast AI comes from role bindings; a group's bindings reach
  its members, and leaving the group takes that access away at once. Access the
  user holds in other ways stays.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
    And the Okta group "Platform" with the members "Alice" and "Bob"
    And the Okta group "Data" with the members "Alice"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI
    And the Okta group "Data" is assigned to the app and pushed to Cast AI

  @scim
  Scenario: The membership goes, the user and the other memberships stay
    When an Okta admin removes "Alice" from the group "Platform"
    Then in Cast AI "Alice" is not a member of the group "Platform"
    And Cast AI has the group "Platform" with the members "Bob"
    And in Cast AI "Alice" is a member of the group "Data"
    And Cast AI shows "Alice" as active

  @console
  Scenario: The access the group gave goes, other access stays
    Given in Cast AI the group "Platform" is bound to the "Member" role on the organization
    And in Cast AI the group "Data" is bound to the "Analyst" role on the cluster "prod-eu"
    And "Alice" has the "Member" role on the organization through the group "Platform"
    When an Okta admin removes "Alice" from the group "Platform"
    Then "Alice" has no access through the group "Platform"
    And "Alice" has the "Analyst" role on the cluster "prod-eu" through the group "Data"
    And "Bob" has the "Member" role on the organization through the group "Platform"
