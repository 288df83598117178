/** A small Model Openness Tool record (Apache-2.0 parameters and architecture, MIT training code) named `name`. */
export const MOT_RECORD = (name: string) => `framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: ${name}
  version: 1B
  date: '2025-01-02'
  type: language
  producer: Example Lab
  license:
    distribution:
      name: Apache-2.0
  components:
    -
      name: 'Model parameters (Final)'
      license: Apache-2.0
    -
      name: 'Model architecture'
      license: Apache-2.0
    -
      name: 'Training code'
      license: MIT
`;
