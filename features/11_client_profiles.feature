@scim
Feature: The same lifecycle passes with both Okta client profiles
  Okta talks to catalog apps (profile "oin", the SCIM 2.0 Test App of Cast AI's
  guide) with PATCH, and to App Integration Wizard apps (profile "aiw") with GET
  then PUT of whole resources. Cast AI must end in the same state either way.

  Scenario Outline: The whole lifecycle with the "<profile>" client profile
    Given the Okta app "Cast AI" provisions users and groups to Cast AI with the "<profile>" client profile
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
      | Carol White | carol.white@acme.test | Data Engineer | +1 415 555 0103 |
    And the Okta group "Platform" with the members "Alice" and "Bob"
    When an Okta admin assigns the group "Platform" to the app
    And an Okta admin pushes the group "Platform" to Cast AI
    Then Cast AI has the group "Platform" with the members "Alice" and "Bob"
    When an Okta admin adds "Carol" to the group "Platform"
    And an Okta admin removes "Bob" from the group "Platform"
    Then Cast AI has the group "Platform" with the members "Alice" and "Carol"
    When an Okta admin renames the group "Platform" to "Platform Engineering"
    Then Cast AI has the group "Platform Engineering" with the members "Alice" and "Carol"
    When an Okta admin changes the display name of "Alice" to "Alice Cooper"
    Then Cast AI shows "Alice" with the display name "Alice Cooper"
    And Cast AI stores no title or phone number for "Alice"
    When an Okta admin deactivates "Carol"
    Then Cast AI shows "Carol" as inactive
    When an Okta admin activates "Carol"
    Then Cast AI shows "Carol" as active
    And "Carol" is the same Cast AI user as before
    When an Okta admin clicks Push Now for the group "Platform Engineering"
    Then Cast AI has the group "Platform Engineering" with the members "Alice" and "Carol"
    When an Okta admin unlinks the pushed group "Platform Engineering" and deletes it in Cast AI
    Then Cast AI does not have the group "Platform Engineering"

    Examples:
      | profile |
      | oin     |
      | aiw     |
