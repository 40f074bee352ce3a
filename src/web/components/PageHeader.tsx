// The title row every console page starts with, so spacing and heading level stay the same everywhere.
import { Flex, Typography } from 'antd';

export function PageHeader(props: { title: React.ReactNode; subtitle?: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <Flex className="zs-page-header" justify="space-between" align="center" wrap gap={12}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.subtitle && (
          <Typography.Text type="secondary" className="zs-page-subtitle">
            {props.subtitle}
          </Typography.Text>
        )}
      </div>
      {props.extra && (
        <Flex gap={8} wrap>
          {props.extra}
        </Flex>
      )}
    </Flex>
  );
}
