"""Tests of the test parachains."""
