/* holidays_data.S — data/holidays.txt compiled in, NUL-terminated, as the
 * calendar's built-in official schedules (rules/calendar.c). */
	.section .rodata
	.global dd_holidays_data
	.type dd_holidays_data, @object
dd_holidays_data:
	.incbin "data/holidays.txt"
	.byte 0
	.size dd_holidays_data, . - dd_holidays_data
	.section .note.GNU-stack,"",@progbits
