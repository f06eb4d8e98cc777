"""The database the program works on, as a whole: opening and closing it (which also keeps a field
package's checksum and expires overdue demands), backups and restores, and health checks."""
