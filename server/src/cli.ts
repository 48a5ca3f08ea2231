process.stdout.write('django-ready: not implemented yet\n');
