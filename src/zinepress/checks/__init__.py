"""What reads finished outputs back: the audit, EPUBCheck, Ace by DAISY, and `zinepress check`."""
