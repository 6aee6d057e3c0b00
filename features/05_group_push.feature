@scim
Feature: Adding groups to synchronization
  Guide: "Assign the group to the application, then in Push Groups find it and
  choose Create Group" — or "Link Group" to attach it to a group Cast AI already
  has with that name.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
    And the Okta group "Platform" with the members "Alice" and "Bob"

  Scenario: Create Group makes the group in Cast AI with its members
    When an Okta admin assigns the group "Platform" to the app
    And an Okta admin pushes the group "Platform" to Cast AI
    Then Cast AI has the group "Platform" with the members "Alice" and "Bob"
    And Okta shows the push of the group "Platform" as active

  Scenario: An empty group is created empty and fills up as Okta adds members
    Given the Okta group "Data" with no members
    When an Okta admin assigns the group "Data" to the app
    And an Okta admin pushes the group "Data" to Cast AI
    Then Cast AI has the group "Data" with no members
    When an Okta admin adds "Bob" to the group "Data"
    Then Cast AI has the group "Data" with the members "Bob"

  Scenario: Link Group attaches to the Cast AI group of the same name
    Given Cast AI already has a group named "Platform"
    When an Okta admin assigns the group "Platform" to the app
    And an Okta admin links the group "Platform" to the Cast AI group "Platform"
    Then Cast AI has exactly one group named "Platform"
    And it is the Cast AI group that was there before
    And Cast AI has the group "Platform" with the members "Alice" and "Bob"
