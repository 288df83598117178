import { registerEnumType } from '@nestjs/graphql';
import { Expertise, Role } from './role-values';

export { Expertise, Role };

registerEnumType(Role, { name: 'Role', description: 'What a user may do in their organisation.' });
registerEnumType(Expertise, { name: 'Expertise', description: 'Expertise an approval can require.' });
