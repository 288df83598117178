import { Box, Code, Group, Input, Text, Textarea } from '@mantine/core';
import { useId } from 'react';

/** Where a problem is in the condition: line and column from 1 (the API's FieldError line/column). */
export interface CelProblem {
  message: string;
  line?: number | null;
  column?: number | null;
}

const MONO = 'var(--mantine-font-family-monospace)';
const LINE_HEIGHT = 1.55;

/**
 * The offending line of `source` with a caret under `column`, e.g.
 * ```
 *   2 |   model.nonsense
 *     |         ^
 * ```
 */
export function caretExcerpt(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  const text = lines[line - 1] ?? '';
  const number = String(line);
  const pad = ' '.repeat(number.length);
  return `${number} | ${text}\n${pad} | ${' '.repeat(Math.max(0, column - 1))}^`;
}

/**
 * A CEL condition editor: a monospace text area with a gutter of line numbers and, under it, the problem the
 * API reported at its line and column, with the line quoted and a caret under the column.
 */
export function CelEditor({
  label,
  value,
  onChange,
  problem,
  readOnly = false,
  description,
}: {
  label: string;
  value: string;
  onChange?: (value: string) => void;
  problem?: CelProblem | null;
  readOnly?: boolean;
  description?: string;
}) {
  const problemId = useId();
  const inputId = useId();
  const lineCount = Math.max(1, value.split('\n').length);
  const positioned = problem && problem.line != null && problem.column != null;
  return (
    <Box>
      <Input.Wrapper label={label} description={description} labelProps={{ htmlFor: inputId }}>
        <Group align="stretch" gap={0} wrap="nowrap">
          <Box
            aria-hidden
            pr={6}
            style={{
              fontFamily: MONO,
              fontSize: 'var(--mantine-font-size-sm)',
              lineHeight: LINE_HEIGHT,
              paddingTop: 7,
              textAlign: 'right',
              minWidth: 28,
              color: 'var(--mantine-color-gray-7)',
            }}
          >
            {Array.from({ length: lineCount }, (_, i) => (
              <div key={i}>{i + 1}</div>
            ))}
          </Box>
          <Textarea
            id={inputId}
            style={{ flex: 1 }}
            value={value}
            readOnly={readOnly}
            rows={lineCount + 1}
            spellCheck={false}
            onChange={(e) => onChange?.(e.currentTarget.value)}
            error={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            styles={{ input: { fontFamily: MONO, fontSize: 'var(--mantine-font-size-sm)', lineHeight: LINE_HEIGHT } }}
          />
        </Group>
      </Input.Wrapper>
      {problem && (
        <Box id={problemId} mt={4} ml={34} role="alert">
          <Text size="sm" c="red.9">
            {positioned ? `Line ${problem.line}, column ${problem.column}: ` : ''}
            {problem.message}
          </Text>
          {positioned && (
            <Code block aria-label={`Line ${problem.line} of the condition, column ${problem.column} marked`} mt={4}>
              {caretExcerpt(value, problem.line!, problem.column!)}
            </Code>
          )}
        </Box>
      )}
    </Box>
  );
}
