"""The Qt-free plumbing every domain uses: errors, translations, clock, settings, atomic file
writes, paging, the one ``Changes`` value, logs, labels, the status of an appointment,
validation and the editable lists."""
