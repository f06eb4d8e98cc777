"""The annual assessment: three-party agreements, the schemes and the year's round."""
